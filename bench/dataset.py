#!/usr/bin/env python3
"""Generates a benchmark dataset once, as one CSV file per table (bench/load.py loads the same
files into SQLite and PostgreSQL), with every counter column consistent with the rows, as the
API would have kept it. Seeded: the same seed gives the same rows (timestamps are placed so the
newest post is an hour old when the dataset is made, so the hot list has fresh posts).

  dataset.py main OUT_DIR PASSWORD_HASH
      10,000 users, 100,000 posts (5-10 % Chinese; text from bench/corpus.py) with 1-3 of 50
      tags (popular tags much more used), 500,000 likes, 50,000 collects and 200,000 comments
      skewed towards popular posts, 50 follows per user (popular authors more followed),
      the hot pool; plus OUT_DIR/queries.tsv: search queries chosen by how many posts match.
  dataset.py timeline OUT_DIR PASSWORD_HASH
      10,004 users: user1..user10000 write 3 posts each; reader10, reader1000, reader10000
      follow the first 10, 1,000 and 10,000 users; star is followed by user1..user10000.

Every user's password is "bench-password" (PASSWORD_HASH is an argon2id hash of it made by the
server) and every address is confirmed, so every user can sign in and write.
"""
import csv
import datetime
import itertools
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

SEED = 42
NULL = r"\N"
HOT_LIKE_THRESHOLD, HOT_POOL_SIZE = 10, 1000  # the server's defaults

USER_COLUMNS = ["id", "name", "email", "password_hash", "nickname", "bio", "website", "company", "avatar", "active",
                "is_admin", "confirmed_at", "login_count", "collects_public", "created_at", "updated_at"]
POST_COLUMNS = ["id", "author_id", "title", "orig_url", "content", "content_html", "excerpt", "can_comment",
                "like_count", "collect_count", "comment_count", "created_at", "updated_at"]
COMMENT_COLUMNS = ["id", "author_id", "target_id", "target_kind", "ref_id", "root_id", "content", "content_html",
                   "like_count", "created_at", "updated_at"]


def stamp(moment):
    """The text form SeaORM writes for SQLite; PostgreSQL reads it as timestamptz."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}000+00:00"


class Tables:
    def __init__(self, out):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.files = {}

    def writer(self, table, columns):
        handle = open(self.out / f"{table}.csv", "w", newline="", encoding="utf-8")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        self.files[table] = handle
        return writer

    def write(self, table, columns, rows):
        writer = self.writer(table, columns)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        self.files.pop(table).close()
        return count


def user_row(i, name, password_hash, moment):
    return (i, name, f"{name}@example.com", password_hash, name.replace("user", "User "), "", "", "", "", 1, 0,
            moment, 0, 0, moment, moment)


def weighted_distinct(rng, population_size, cum_weights, k, exclude=None):
    """k distinct 1-based ids drawn by weight."""
    chosen = set()
    while len(chosen) < k:
        for pick in rng.choices(range(1, population_size + 1), cum_weights=cum_weights, k=2 * (k - len(chosen))):
            if pick != exclude:
                chosen.add(pick)
                if len(chosen) == k:
                    break
    return chosen


def main_dataset(out, password_hash):
    USERS, POSTS, LIKES, COLLECTS, COMMENTS, FOLLOWS_PER_USER, TAGS = 10_000, 100_000, 500_000, 50_000, 200_000, 50, 50
    CHINESE_SHARE = 0.07
    started = time.time()
    model = corpus.load_model()
    rng = random.Random(SEED)
    writer = corpus.Writer(model, rng)
    writer.use_pool(300_000)
    tables = Tables(out)
    now = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
    newest = now - datetime.timedelta(hours=1)
    # Posts 86 s apart (~100 days), newest last, as ids grow.
    post_time = [None] + [newest - datetime.timedelta(seconds=86 * (POSTS - i)) for i in range(1, POSTS + 1)]
    joined = stamp(newest - datetime.timedelta(days=200))

    tables.write("users", USER_COLUMNS, (user_row(i, f"user{i}", password_hash, joined) for i in range(1, USERS + 1)))

    # Tags: real words, used along a Zipf curve (tag 1 on ~1 post in 5, tag 50 on ~1 in 200).
    candidates = [w for w in model["words"][100:3000] if w and w.isalpha() and 4 <= len(w) <= 12]
    tag_names = rng.sample(candidates, TAGS)
    tables.write("tags", ["id", "name", "created_at"], ((i, name, joined) for i, name in enumerate(tag_names, 1)))
    tag_cum = list(itertools.accumulate(1 / k for k in range(1, TAGS + 1)))

    # Popularity: how much attention a post gets (likes, collects, comments), heavy-tailed and
    # larger for recent posts.
    popularity = [rng.lognormvariate(0, 1.3) * (0.3 + i / POSTS) for i in range(1, POSTS + 1)]
    popularity_cum = list(itertools.accumulate(popularity))
    # Authors: some write far more than others.
    author_weight_cum = list(itertools.accumulate(1 / (k ** 0.6) for k in range(1, USERS + 1)))
    author_order = list(range(1, USERS + 1))
    rng.shuffle(author_order)
    authors = [author_order[pick - 1] for pick in rng.choices(range(1, USERS + 1), cum_weights=author_weight_cum, k=POSTS)]

    def reactions(count):
        pairs = set()
        while len(pairs) < count:
            posts = rng.choices(range(1, POSTS + 1), cum_weights=popularity_cum, k=count - len(pairs))
            pairs.update(zip((rng.randint(1, USERS) for _ in posts), posts))
        return sorted(pairs)

    likes, collects = reactions(LIKES), reactions(COLLECTS)
    like_count, collect_count, comment_count = Counter(p for _, p in likes), Counter(p for _, p in collects), Counter()
    comment_posts = rng.choices(range(1, POSTS + 1), cum_weights=popularity_cum, k=COMMENTS)
    comment_count.update(comment_posts)

    # Posts, and what search needs to pick its queries: each post's distinct words.
    document_frequency, zh_document_frequency = Counter(), Counter()
    titles, phrases = [], []
    chinese_posts = set()

    def post_rows():
        for i in range(1, POSTS + 1):
            chinese = rng.random() < CHINESE_SHARE
            if chinese:
                chinese_posts.add(i)
                writer.zh_used.clear()
                title, paragraphs = writer.zh_title(), writer.zh_paragraphs()
                zh_document_frequency.update(writer.zh_used)
            else:
                title, paragraphs = writer.title(), writer.paragraphs()
                words = corpus.WORD.findall((title + " " + " ".join(paragraphs)).lower())
                document_frequency.update(set(words))
                if i % 97 == 0:
                    titles.append(title)
                    phrases.append(paragraphs[0])
            moment = stamp(post_time[i])
            yield (i, authors[i - 1], title, NULL, "\n\n".join(paragraphs), corpus.html(paragraphs),
                   corpus.excerpt(paragraphs), 1, like_count[i], collect_count[i], comment_count[i], moment, moment)

    tables.write("posts", POST_COLUMNS, post_rows())
    post_tags = []
    for post in range(1, POSTS + 1):
        chosen = {rng.choices(range(1, TAGS + 1), cum_weights=tag_cum)[0] for _ in range(rng.choice((1, 2, 2, 3)))}
        post_tags += [(post, tag) for tag in sorted(chosen)]
    tables.write("post_tags", ["id", "post_id", "tag_id", "created_at"],
                 ((n, post, tag, stamp(post_time[post])) for n, (post, tag) in enumerate(post_tags, 1)))

    def reaction_rows(pairs):
        for n, (user, post) in enumerate(pairs, 1):
            moment = post_time[post] + datetime.timedelta(seconds=rng.randint(60, 86400 * 3))
            yield n, user, post, 1, stamp(min(moment, now))

    reaction_columns = ["id", "user_id", "target_id", "target_kind", "created_at"]
    tables.write("likes", reaction_columns, reaction_rows(likes))
    tables.write("collects", reaction_columns, reaction_rows(collects))

    def comment_rows():
        for n, post in enumerate(sorted(comment_posts), 1):
            text = writer.zh_comment() if post in chinese_posts else writer.comment()
            moment = stamp(min(post_time[post] + datetime.timedelta(seconds=rng.randint(60, 86400 * 2)), now))
            yield (n, rng.randint(1, USERS), post, 1, 0, 0, text, corpus.html([text]), 0, moment, moment)

    tables.write("comments", COMMENT_COLUMNS, comment_rows())

    # Follows: 50 each, popular people followed more (the most followed has a few thousand).
    followee_order = list(range(1, USERS + 1))
    rng.shuffle(followee_order)
    followee_cum = list(itertools.accumulate(1 / (k ** 0.7) for k in range(1, USERS + 1)))
    follows = []
    for user in range(1, USERS + 1):
        picks = weighted_distinct(rng, USERS, followee_cum, FOLLOWS_PER_USER + 1)
        others = [followee_order[p - 1] for p in sorted(picks)]
        follows += [(user, other) for other in others if other != user][:FOLLOWS_PER_USER]
    tables.write("follows", ["id", "from_id", "to_id", "created_at"],
                 ((n, a, b, joined) for n, (a, b) in enumerate(follows, 1)))
    followers, following, posts_by = Counter(b for _, b in follows), Counter(a for a, _ in follows), Counter(authors)
    tables.write("user_stats", ["user_id", "follower_count", "following_count", "post_count"],
                 ((i, followers[i], following[i], posts_by[i]) for i in range(1, USERS + 1)))
    hot = sorted((p for p in range(1, POSTS + 1) if like_count[p] >= HOT_LIKE_THRESHOLD), reverse=True)[:HOT_POOL_SIZE]
    tables.write("hot_posts", ["post_id", "entered_at"], ((p, stamp(now)) for p in sorted(hot)))

    write_queries(out, rng, model, document_frequency, zh_document_frequency, len(chinese_posts), POSTS, titles,
                  phrases, tag_names)
    print(f"dataset main: {USERS:,} users, {POSTS:,} posts ({len(chinese_posts):,} Chinese), {len(post_tags):,} tag links, "
          f"{LIKES:,} likes, {COLLECTS:,} collects, {COMMENTS:,} comments, {len(follows):,} follows, "
          f"{len(hot)} hot; corpus {model['fingerprint']}; {time.time() - started:.0f}s", file=sys.stderr)


def write_queries(out, rng, model, df, zh_df, chinese_posts, posts, titles, phrases, tag_names):
    """Search queries by what they cost: how many posts they match. Rows: kind, matches, query."""
    english_posts = posts - chinese_posts
    top = set(model["words"][1:200])  # the, to, a, …: words nobody searches for alone

    def band(counter, low, high, total, exclude=()):
        words = sorted(w for w, c in counter.items() if low <= c / total <= high and w not in exclude and len(w) > 2)
        return words

    rows = []
    common = band(df, 0.02, 0.15, english_posts, top)
    rows += [("one_common", df[w], w) for w in rng.sample(common, min(40, len(common)))]
    rare = sorted(w for w, c in df.items() if 3 <= c <= 30 and w.isalpha() and len(w) > 3)
    rows += [("one_rare", df[w], w) for w in rng.sample(rare, min(40, len(rare)))]
    # Two words a reader saw together in a title, neither of them a function word.
    for title in titles:
        words = [w for w in corpus.WORD.findall(title.lower()) if w not in top and w.isalpha()]
        if len(words) >= 2:
            pair = rng.sample(words, 2)
            rows.append(("two_words", min(df[pair[0]], df[pair[1]]), " ".join(pair)))
    # Three consecutive words of a real post, quoted as people type a phrase.
    for paragraph in phrases:
        words = corpus.WORD.findall(paragraph.lower())
        starts = [i for i in range(len(words) - 2) if sum(w in top for w in words[i:i + 3]) <= 1]
        if starts:
            at = rng.choice(starts)
            rows.append(("phrase", min(df[w] for w in words[at:at + 3]), '"' + " ".join(words[at:at + 3]) + '"'))
    zh_words = sorted(w for w, c in zh_df.items() if len(w) >= 2 and 0.005 <= c / max(chinese_posts, 1) <= 0.2)
    rows += [("chinese", zh_df[w], w) for w in rng.sample(zh_words, min(40, len(zh_words)))]
    rows += [("tag", 0, name) for name in tag_names]
    kinds = Counter()
    with open(Path(out) / "queries.tsv", "w", encoding="utf-8") as handle:
        for kind, matches, query in rows:
            if kind in ("two_words", "phrase") and kinds[kind] >= 40:
                continue
            kinds[kind] += 1
            handle.write(f"{kind}\t{matches}\t{query}\n")


def timeline_dataset(out, password_hash):
    WRITERS, POSTS_EACH = 10_000, 3
    started = time.time()
    model = corpus.load_model()
    rng = random.Random(SEED)
    writer = corpus.Writer(model, rng)
    writer.use_pool(100_000)
    tables = Tables(out)
    now = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
    joined = stamp(now - datetime.timedelta(days=200))
    special = {"reader10": 10, "reader1000": 1_000, "reader10000": 10_000, "star": 0}
    ids = {name: WRITERS + index for index, name in enumerate(special, start=1)}
    users = [(i, f"user{i}") for i in range(1, WRITERS + 1)] + [(ids[name], name) for name in special]
    tables.write("users", USER_COLUMNS, (user_row(i, name, password_hash, joined) for i, name in users))
    total = WRITERS * POSTS_EACH

    def post_rows():
        post_id = 0
        # Round-robin so every writer has recent posts; 2 minutes apart, newest an hour ago.
        for round_ in range(POSTS_EACH):
            for author in range(1, WRITERS + 1):
                post_id += 1
                title, paragraphs = writer.title(), writer.paragraphs()
                moment = stamp(now - datetime.timedelta(hours=1, seconds=120 * (total - post_id)))
                yield (post_id, author, title, NULL, "\n\n".join(paragraphs), corpus.html(paragraphs),
                       corpus.excerpt(paragraphs), 1, 0, 0, 0, moment, moment)

    tables.write("posts", POST_COLUMNS, post_rows())
    follows = []
    for name, count in special.items():
        follows += [(ids[name], author) for author in range(1, count + 1)]
    follows += [(follower, ids["star"]) for follower in range(1, WRITERS + 1)]
    tables.write("follows", ["id", "from_id", "to_id", "created_at"],
                 ((n, a, b, joined) for n, (a, b) in enumerate(follows, 1)))
    followers, following = Counter(b for _, b in follows), Counter(a for a, _ in follows)
    tables.write("user_stats", ["user_id", "follower_count", "following_count", "post_count"],
                 ((i, followers[i], following[i], POSTS_EACH if i <= WRITERS else 0) for i, _ in users))
    print(f"dataset timeline: {len(users):,} users, {total:,} posts, {len(follows):,} follows; "
          f"corpus {model['fingerprint']}; {time.time() - started:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    kind, out, password_hash = sys.argv[1:4]
    {"main": main_dataset, "timeline": timeline_dataset}[kind](out, password_hash)
