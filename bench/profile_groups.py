#!/usr/bin/env python3
"""Reads `perf script` output (stacks with -g) on stdin; prints the share of samples by what the
sampled code was doing, judged by the innermost frame that names it, and writes the folded stacks
(one `frame;frame;… count` line per distinct stack, outermost first) to the file named by the
first argument, for a flame graph.

  perf script -i perf.data | profile_groups.py stacks.folded"""
import collections
import re
import sys

# (group, pattern on a function or library name), first match wins, innermost frame first.
GROUPS = [
    ("kernel: sockets, scheduling, system calls", r"\[kernel|^(__|_)?(sys_|do_syscall|entry_SYSCALL|tcp_|ip_|sock_|__x64_sys|epoll)"),
    ("JSON serialization (serde_json)", r"serde_json"),
    ("allocation and copying (malloc, free, memcpy)", r"malloc|free|realloc|memcpy|memmove|memset|_int_|cfree|alloc::"),
    ("level-1 cache lookups (moka)", r"moka|crossbeam|quanta|tagptr"),
    ("decoding cached values (postcard)", r"postcard"),
    ("access tokens and cursors (jsonwebtoken, HMAC, SHA-2)", r"jsonwebtoken|hmac|sha2|ring::|base64"),
    ("dates (chrono)", r"chrono"),
    ("HTTP server (actix, tokio, h1)", r"actix|tokio|h1::|http::|httparse|bytes::|mio::"),
    ("hashing and maps", r"hashbrown|siphash|SipHasher|Hash::|hash_one"),
    ("cards and flags (tidings read model)", r"tidings::read_model|tidings::posts|tidings::feed|tidings::search"),
    ("rest of tidings", r"tidings::"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in GROUPS]


def frames(block):
    out = []
    for line in block[1:]:
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            continue
        symbol = re.sub(r"\+0x[0-9a-f]+", "", parts[1])
        out.append(symbol)
    return out


def group_of(stack):
    for frame in stack:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return "other"


def main():
    folded = collections.Counter()
    groups = collections.Counter()
    block = []
    total = 0
    for line in list(sys.stdin) + ["\n"]:
        if line.strip():
            block.append(line.rstrip("\n"))
            continue
        if not block:
            continue
        stack = frames(block)
        block = []
        if not stack:
            continue
        total += 1
        groups[group_of(stack)] += 1
        folded[";".join(reversed([re.sub(r"\s*\(.*\)$", "", frame) for frame in stack]))] += 1
    with open(sys.argv[1], "w") as out:
        for stack, count in folded.most_common():
            out.write(f"{stack} {count}\n")
    print(f"{total} samples")
    for name, count in groups.most_common():
        print(f"{100 * count / max(total, 1):5.1f} %  {name}")


main()
