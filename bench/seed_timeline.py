#!/usr/bin/env python3
"""Fills a migrated Tidings SQLite database for the timeline benchmark:
10,004 users (user1..user10000 write 3 posts each), and four special accounts:
  reader10, reader1000, reader10000 follow the first 10, 1,000 and 10,000 users;
  star is followed by user1..user10000 (10,000 followers, the default big-account threshold
  is "more than 10,000", so star is still fanned out).
Counters are written consistent with the rows, as the API would have kept them."""
import sqlite3
import sys
import time

WRITERS, POSTS_EACH = 10_000, 3
PASSWORD_HASH = sys.argv[2]
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
now = "2026-11-01T00:00:00.000000000+00:00"
started = time.time()
special = {"reader10": 10, "reader1000": 1_000, "reader10000": 10_000, "star": 0}
ids = {name: WRITERS + index for index, name in enumerate(special, start=1)}

with db:
    users = [(i, f"user{i}") for i in range(1, WRITERS + 1)] + [(ids[name], name) for name in special]
    db.executemany(
        "INSERT INTO users (id, name, email, password_hash, nickname, bio, website, company, avatar, active, is_admin,"
        " login_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '', '', '', 1, 0, 0, ?, ?)",
        ((i, name, f"{name}@example.com", PASSWORD_HASH, name, now, now) for i, name in users),
    )
    post_id = 0
    rows = []
    # Round-robin so every writer has recent posts.
    for round_ in range(POSTS_EACH):
        for author in range(1, WRITERS + 1):
            post_id += 1
            rows.append((post_id, author, f"post {round_} by user{author}", "body " * 20, "body " * 10, now, now))
    db.executemany(
        "INSERT INTO posts (id, author_id, title, orig_url, content, excerpt, can_comment, like_count, collect_count,"
        " comment_count, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, 1, 0, 0, 0, ?, ?)",
        rows,
    )
    follows = []
    for name, count in special.items():
        follows.extend((ids[name], author) for author in range(1, count + 1))
    follows.extend((follower, ids["star"]) for follower in range(1, WRITERS + 1))
    db.executemany("INSERT INTO follows (from_id, to_id, created_at) VALUES (?, ?, ?)", ((a, b, now) for a, b in follows))
    followers, following = {}, {}
    for a, b in follows:
        following[a] = following.get(a, 0) + 1
        followers[b] = followers.get(b, 0) + 1
    db.executemany(
        "INSERT INTO user_stats (user_id, follower_count, following_count, post_count) VALUES (?, ?, ?, ?)",
        ((i, followers.get(i, 0), following.get(i, 0), POSTS_EACH if i <= WRITERS else 0) for i, _ in users),
    )
db.execute("ANALYZE")
print(f"seeded {len(users)} users, {post_id} posts, {len(follows)} follows in {time.time() - started:.1f}s", file=sys.stderr)
