#!/usr/bin/env python3
"""Fills a migrated Tidings SQLite database with the benchmark dataset, directly and fast:
10,000 users, 100,000 posts (2 tags each of 50), 500,000 likes, 50 follows per user.
Every counter column is written consistent with the rows, as the API would have kept it."""
import random
import sqlite3
import sys
import time

USERS, POSTS, LIKES, FOLLOWS_PER_USER, TAGS = 10_000, 100_000, 500_000, 50, 50
# argon2id of "bench-password" (default parameters), so benchmark users can sign in.
PASSWORD_HASH = sys.argv[2]

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
rng = random.Random(42)
started = time.time()
now = "2026-11-01T00:00:00.000000000+00:00"


def stamp(offset_seconds):
    # Posts spread over ~100 days, newest last, in the format SeaORM writes for SQLite.
    day, rest = divmod(offset_seconds, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    return f"2026-{7 + day // 31:02d}-{1 + day % 28:02d}T{hour:02d}:{minute:02d}:{second:02d}.000000000+00:00"


with db:
    db.executemany(
        "INSERT INTO users (id, name, email, password_hash, nickname, bio, website, company, avatar, active, is_admin,"
        " login_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '', '', '', 1, 0, 0, ?, ?)",
        ((i, f"user{i}", f"user{i}@example.com", PASSWORD_HASH, f"User {i}", now, now) for i in range(1, USERS + 1)),
    )
    db.executemany(
        "INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?)",
        ((i, f"tag{i}", now) for i in range(1, TAGS + 1)),
    )
    authors = [rng.randint(1, USERS) for _ in range(POSTS)]
    likes_per_post = [0] * (POSTS + 1)
    pairs = set()
    while len(pairs) < LIKES:
        pairs.add((rng.randint(1, USERS), rng.randint(1, POSTS)))
    for _, post in pairs:
        likes_per_post[post] += 1
    words = "rust database cache queue index search timeline follow like post comment tag ranking decay".split()
    db.executemany(
        "INSERT INTO posts (id, author_id, title, orig_url, content, excerpt, can_comment, like_count, collect_count,"
        " comment_count, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, 1, ?, 0, 0, ?, ?)",
        (
            (
                i,
                authors[i - 1],
                " ".join(rng.choice(words) for _ in range(6)).capitalize(),
                body := "\n\n".join(" ".join(rng.choice(words) for _ in range(40)) for _ in range(3)),
                body[:200],
                likes_per_post[i],
                stamp(i * 86),
                stamp(i * 86),
            )
            for i in range(1, POSTS + 1)
        ),
    )
    db.executemany(
        "INSERT INTO post_tags (post_id, tag_id, created_at) VALUES (?, ?, ?)",
        ((post, tag, now) for post in range(1, POSTS + 1) for tag in {rng.randint(1, TAGS), rng.randint(1, TAGS)}),
    )
    db.executemany(
        "INSERT INTO likes (user_id, target_id, target_kind, created_at) VALUES (?, ?, 1, ?)",
        ((user, post, now) for user, post in sorted(pairs)),
    )
    followers = [0] * (USERS + 1)
    follow_rows = []
    for user in range(1, USERS + 1):
        others = [other for other in rng.sample(range(1, USERS + 1), FOLLOWS_PER_USER + 1) if other != user]
        follow_rows.extend((user, other) for other in others[:FOLLOWS_PER_USER])
    for _, other in follow_rows:
        followers[other] += 1
    db.executemany("INSERT INTO follows (from_id, to_id, created_at) VALUES (?, ?, ?)", ((a, b, now) for a, b in follow_rows))
    posts_by = [0] * (USERS + 1)
    for author in authors:
        posts_by[author] += 1
    db.executemany(
        "INSERT INTO user_stats (user_id, follower_count, following_count, post_count) VALUES (?, ?, ?, ?)",
        ((i, followers[i], FOLLOWS_PER_USER, posts_by[i]) for i in range(1, USERS + 1)),
    )
db.execute("ANALYZE")
print(
    f"seeded {USERS} users, {POSTS} posts, {LIKES} likes, {len(follow_rows)} follows in {time.time() - started:.1f}s",
    file=sys.stderr,
)
