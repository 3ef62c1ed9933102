#!/usr/bin/env python3
"""Signs benchmark users in through the API, several at a time, and writes one access token a
line: the signed-in users of the load scripts.

  tokens.py URL COUNT OUT_FILE [NAME_PREFIX=user] [USERS=10000]
Users are a fixed sample (seeded) of NAME_PREFIX1..NAME_PREFIX{USERS}: the same in every run."""
import json
import random
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

url, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
prefix = sys.argv[4] if len(sys.argv) > 4 else "user"
users = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000
names = [f"{prefix}{i}" for i in sorted(random.Random(1).sample(range(1, users + 1), min(count, users)))]


def login(name):
    request = urllib.request.Request(
        f"{url}/api/v1/auth/login", method="POST",
        data=json.dumps({"login": name, "password": "bench-password"}).encode(),
        headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["access_token"]


with ThreadPoolExecutor(4) as pool:
    tokens = list(pool.map(login, names))
with open(out, "w") as handle:
    handle.write("\n".join(tokens) + "\n")
