"""Holds many idle notification streams on one process and times replies from another.

Usage: streams.py URL_A URL_B PID_B STREAMS REPLIES (run by bench/streams.sh).
Plain asyncio sockets, so nothing needs installing."""

import asyncio
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

URL_A, URL_B, PID_B, STREAMS, REPLIES = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
PER_USER = 5  # the server allows 8 per person and process


def call(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(request, data, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def register(name):
    reply = call(URL_A, "POST", "/api/v1/auth/register",
                 body={"name": name, "email": name + "@bench.test", "password": name + "-password-1"})
    if "access_token" not in reply:
        reply = call(URL_A, "POST", "/api/v1/auth/login",
                     body={"login": name, "password": name + "-password-1"})
    return reply["user"]["id"], reply["access_token"]


def memory_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0])


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        parts = stat.read().rsplit(")", 1)[1].split()
    import os
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


async def open_stream(url, token, on_event=None):
    parts = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write((f"GET /api/v1/me/notifications/stream HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                  f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0], head
    return reader, writer


async def main():
    users = [register(f"reader{n}") for n in range(STREAMS // PER_USER)]
    rss_before = memory_kib(PID_B)
    connections = []
    for _, token in users:
        for _ in range(PER_USER):
            connections.append(await open_stream(URL_B, token))
    await asyncio.sleep(3)
    rss_after = memory_kib(PID_B)
    cpu_start = cpu_seconds(PID_B)
    await asyncio.sleep(30)
    cpu_idle = cpu_seconds(PID_B) - cpu_start
    print(f"idle streams on B: {len(connections)}")
    print(f"B resident memory: {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB with the streams "
          f"({(rss_after - rss_before) / len(connections):.1f} KiB per stream)")
    print(f"B CPU while they idle: {cpu_idle:.2f} s over 30 s ({100 * cpu_idle / 30:.2f} % of one core)")

    author_id, author = register("author")
    _, replier = register("replier")
    post = call(URL_A, "POST", "/api/v1/posts", author, {"title": "Streamed", "content": "reply here"})
    reader, writer = await open_stream(URL_B, author)
    buffer = b""

    async def next_notification():
        nonlocal buffer
        while True:
            while b"\n\n" not in buffer:
                buffer += await reader.read(65536)
            block, buffer = buffer.split(b"\n\n", 1)
            # Chunked transfer: the event lines sit between chunk-size lines.
            if b"event: notification" in block:
                return

    await asyncio.sleep(1)
    waits = []
    loop = asyncio.get_running_loop()
    for n in range(REPLIES):
        started = time.perf_counter()
        await loop.run_in_executor(None, call, URL_A, "POST", f"/api/v1/posts/{post['id']}/comments",
                                   replier, {"content": f"reply {n}"})
        await asyncio.wait_for(next_notification(), 10)
        waits.append((time.perf_counter() - started) * 1000)
    waits.sort()
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    print(f"reply POST on A -> event on B: median {statistics.median(waits):.1f} ms, p99 {p99:.1f} ms, "
          f"max {waits[-1]:.1f} ms over {len(waits)} replies")
    for _, writer in connections:
        writer.close()


asyncio.run(main())
