#!/usr/bin/env python3
"""One TSV row from a `wrk --latency` report: mode, name, req/s, p50 ms, p99 ms, errors (non-2xx
responses, socket errors and timeouts) and,
given the SQL counter before and after, SQL statements per request."""
import re
import sys

path, mode, name, *counters = sys.argv[1:]
text = open(path).read()


def ms(label):
    match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


rps_match = re.search(r"Requests/sec:\s+([\d.]+)", text)
rps = float(rps_match.group(1)) if rps_match else 0.0
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
# Connect, read and write errors and timeouts (wrk gives up on a request after 2 s) count too.
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
total_match = re.search(r"(\d+) requests in", text)
total = int(total_match.group(1)) if total_match else 0
# No request finished in time: there is no latency to show.
p50, p99 = (f"{ms('50'):.2f}", f"{ms('99'):.2f}") if total else ("—", "—")
row = [mode, name, f"{rps:.0f}", p50, p99, str(errors)]
if counters:
    before, after = map(float, counters)
    row.append(f"{(after - before) / max(total, 1):.2f}")
print("\t".join(row))
