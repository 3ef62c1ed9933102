#!/usr/bin/env python3
"""Benchmark text from real text on this machine, offline: what the posts of the benchmark
datasets say, and the search queries asked of them.

English: a word-bigram model counted over the machine's own documentation — the man pages
(decompressed, roff markup stripped) and READMEs / *.txt / *.md of a fixed list of Debian
packages (base tools and the C library's manual, PACKAGES below; a fixed list, so installing
something else does not change the text) and the licences in /usr/share/common-licenses, each
distinct file once. Sentences walk that model, so word frequencies follow the source's own
Zipf-like curve ("the" is common, "setuid" is rare) and three consecutive words are a phrase
that occurs in real text. For a big dataset, posts draw their sentences from a pool of walked
sentences (Writer.use_pool). Chinese: words drawn by the frequencies of jieba's dictionary
(dict.txt of the PyPI package `jieba`, ~350k words with counts, downloaded once with
`pip download` and read from its archive, never installed); the dataset makes 7 % of its posts
Chinese.

Everything is drawn from one `random.Random(seed)`, so a seed gives the same posts on the same
sources. The model is counted once (~30-60 s) and kept in the tools cache
(~/.cache/tidings-tools); its fingerprint (a hash of the source list) is printed with every
dataset, so two runs can tell whether they had the same text.

  python3 bench/corpus.py            # builds the model if needed, prints a sample and stats
"""
import bisect
import gzip
import hashlib
import itertools
import os
import pickle
import random
import re
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path

MODEL_VERSION = 1
JIEBA_VERSION = "0.42.1"
TOOLS_DIR = Path(os.environ.get("TIDINGS_TOOLS_DIR")
                 or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tidings-tools")
# Words seen fewer times than this are left out (typos, hashes, one-off identifiers).
MIN_WORD_COUNT = 3
# Successors kept per word (the most frequent ones): bounds the model's size.
MAX_SUCCESSORS = 48
CHINESE_WORDS = 40_000
MAX_PAGES_PER_FAMILY = 40
MAX_CHARS_PER_FILE = 100_000
# Debian packages whose man pages and docs are read: base tools and the C library's manual.
PACKAGES = ("manpages", "manpages-dev", "coreutils", "util-linux", "systemd", "git-man", "openssl", "iproute2",
            "procps", "passwd", "e2fsprogs", "apt", "dpkg", "dpkg-dev", "perl", "bash", "grep", "sed", "tar",
            "findutils", "gzip", "openssh-client", "curl", "make", "binutils-common", "gettext", "less", "man-db",
            "diffutils", "login", "mount", "gnupg", "gpg", "tzdata", "debianutils", "sensible-utils")
END = 0  # successor index meaning "end of sentence"

# --- sources ------------------------------------------------------------------------------


def package_files(package):
    for name in (package, f"{package}:amd64", f"{package}:all"):
        listing = Path(f"/var/lib/dpkg/info/{name}.list")
        if listing.exists():
            return [Path(line) for line in listing.read_text().splitlines()]
    return []


def source_files():
    """Every source file, in a stable order: the man pages and docs of a fixed set of packages
    (so installing something else does not change the text), plus the common licences. A family
    of man pages (`pthread_*`) gives at most MAX_PAGES_PER_FAMILY, spread over the family."""
    pages, docs = [], []
    man = re.compile(r"^/usr/share/man/man[1-8]/[^/]+$")
    doc = re.compile(r"^/usr/share/doc/[^/]+/(?:.*/)?(README[^/]*|[^/]*\.(txt|md))(\.gz)?$", re.I)
    unwanted = re.compile(r"change|news|status|history", re.I)  # release notes: lists of names
    for package in PACKAGES:
        for path in package_files(package):
            if path.is_symlink() or not path.is_file():
                continue
            if man.match(str(path)):
                pages.append(path)
            elif doc.match(str(path)) and not unwanted.search(path.name):
                docs.append(path)
    families = {}
    for page in sorted(set(pages)):
        families.setdefault(re.split(r"[_.-]", page.name, maxsplit=1)[0], []).append(page)
    files = []
    for family in sorted(families):
        members = families[family]
        step = max(1, -(-len(members) // MAX_PAGES_PER_FAMILY))
        files += members[::step]
    licenses = Path("/usr/share/common-licenses")
    if licenses.is_dir():
        files += sorted(p for p in licenses.iterdir() if p.is_file() and not p.is_symlink())
    return files + sorted(set(docs))


def read_text(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return ""
    # One long file (a protocol specification) must not outweigh hundreds of short ones.
    return data.decode("utf-8", "replace")[:MAX_CHARS_PER_FILE]


# Zero-width escapes vanish; the rest (special characters, font and size changes, strings,
# registers) become a space or nothing.
ROFF_ESCAPE = re.compile(
    r"\\(?:f(?:\[[^\]]*\]|\(..|.)|s[+-]?\d+|[*n](?:\(..|\[[^\]]*\]|.)|\(..|\[[^\]]*\]|[&|^%c:!]|.)"
)
ROFF_TEXT_MACROS = {"B", "I", "BR", "RB", "BI", "IB", "IR", "RI", "SH", "SS", "SM", "SB", "Nm", "Nd", "Sh", "Ss", "Xr"}


def strip_roff(text):
    """Paragraphs of plain text from roff source: text lines joined, macro lines cut them."""
    paragraphs, current = [], []
    for line in text.splitlines():
        if line.startswith((".", "'")):
            name, _, rest = line[1:].strip().partition(" ")
            if name in ROFF_TEXT_MACROS and rest and not name.startswith("\\"):
                if name in ("SH", "SS", "Sh", "Ss"):  # headings are sentences of their own
                    paragraphs.append(" ".join(current))
                    current = []
                    paragraphs.append(rest.replace('"', " ") + ".")
                else:
                    current.append(rest.replace('"', " "))
            elif current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
    paragraphs.append(" ".join(current))
    return [ROFF_ESCAPE.sub(lambda m: " " if m.group(0)[1] in "([- ~0e" else "", p) for p in paragraphs if p]


SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\s*\n\s*\n\s*")
WORD = re.compile(r"\b[a-z][a-z0-9]*(?:'[a-z]+)?\b")
LINK = re.compile(r"\S+://\S+|\S+@\S+|\S+\.(?:com|org|net|html?)\b")


def sentences(paragraphs):
    for paragraph in paragraphs:
        for sentence in SENTENCE_END.split(LINK.sub(" ", paragraph)):
            words = [w for w in WORD.findall(sentence.lower()) if len(w) <= 24]
            if words:
                yield words


# --- the model ----------------------------------------------------------------------------


def fingerprint(files):
    digest = hashlib.sha256(f"v{MODEL_VERSION} jieba {JIEBA_VERSION}\n".encode())
    for path in files:
        digest.update(f"{path}\t{path.stat().st_size}\n".encode())
    return digest.hexdigest()[:16]


def jieba_dictionary():
    archive = TOOLS_DIR / "pip" / f"jieba-{JIEBA_VERSION}.tar.gz"
    if not archive.exists():
        archive.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", f"jieba=={JIEBA_VERSION}", "--no-deps",
                        "--no-binary", ":all:", "-d", str(archive.parent)], check=True)
    with tarfile.open(archive) as tar:
        text = tar.extractfile(f"jieba-{JIEBA_VERSION}/jieba/dict.txt").read().decode("utf-8")
    han = re.compile(r"^[\u4e00-\u9fff]+$")
    entries = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and han.match(parts[0]) and int(parts[1]) > 0:
            entries.append((parts[0], int(parts[1])))
    entries.sort(key=lambda entry: (-entry[1], entry[0]))
    return entries[:CHINESE_WORDS]


def build_model(files, print_progress=True):
    started = time.time()
    unigrams, bigrams, starts = Counter(), Counter(), Counter()
    seen = set()
    for number, path in enumerate(files):
        text = read_text(path)
        digest = hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        is_roff = "/usr/share/man/" in str(path)
        paragraphs = strip_roff(text) if is_roff else re.split(r"\n\s*\n", text)
        if not is_roff:
            paragraphs = [re.sub(r"\s+", " ", p) for p in paragraphs]
        for words in sentences(paragraphs):
            unigrams.update(words)
            if len(words) >= 3:
                starts[words[0]] += 1
                bigrams.update(zip(words, words[1:]))
                bigrams[(words[-1], None)] += 1
        if print_progress and number % 2000 == 0:
            print(f"  corpus: {number:,}/{len(files):,} files, {len(unigrams):,} words so far", file=sys.stderr)
    words = sorted((w for w, c in unigrams.items() if c >= MIN_WORD_COUNT), key=lambda w: (-unigrams[w], w))
    index = {w: i + 1 for i, w in enumerate(words)}  # 0 is END
    successors = [[] for _ in range(len(words) + 1)]
    for (a, b), count in bigrams.items():
        ia = index.get(a)
        if ia is None:
            continue
        ib = END if b is None else index.get(b)
        if ib is None:
            continue
        successors[ia].append((count, ib))
    table = []
    for entries in successors:
        entries.sort(key=lambda e: (-e[0], e[1]))
        entries = entries[:MAX_SUCCESSORS]
        table.append(([i for _, i in entries], list(itertools.accumulate(c for c, _ in entries))))
    start_entries = sorted(((c, index[w]) for w, c in starts.items() if w in index), key=lambda e: (-e[0], e[1]))
    return {
        "version": MODEL_VERSION,
        "words": [None] + words,
        "counts": [0] + [unigrams[w] for w in words],
        "successors": table,
        "starts": ([i for _, i in start_entries], list(itertools.accumulate(c for c, _ in start_entries))),
        "chinese": jieba_dictionary(),
        "files": len(files),
        "tokens": sum(unigrams.values()),
        "seconds": time.time() - started,
    }


def load_model():
    files = source_files()
    if not files:
        sys.exit("corpus: no man pages or docs found under /usr/share to build the benchmark text from")
    print_ = fingerprint(files)
    path = TOOLS_DIR / f"bench-corpus-{print_}.pickle"
    if path.exists():
        with open(path, "rb") as handle:
            model = pickle.load(handle)
    else:
        print(f"corpus: counting words in {len(files):,} files under /usr/share (once; cached in {path})", file=sys.stderr)
        model = build_model(files)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".tmp"), "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(path.with_suffix(".tmp"), path)
    model["fingerprint"] = print_
    return model


# --- writing ------------------------------------------------------------------------------


class Writer:
    """Titles, paragraphs and comments drawn from the model with one seeded generator."""

    def __init__(self, model, rng):
        self.rng = rng
        self.words = model["words"]
        self.successors = model["successors"]
        self.start_ids, self.start_cum = model["starts"]
        chinese = model["chinese"]
        self.zh_words = [w for w, _ in chinese]
        self.zh_cum = list(itertools.accumulate(c for _, c in chinese))
        self.zh_used = set()  # the Chinese words written since the caller last cleared it
        self.pool = None

    def _pick(self, ids, cum):
        return ids[bisect.bisect_right(cum, self.rng.random() * cum[-1])]

    def sentence_words(self, low=4, high=28):
        while True:
            current = self._pick(self.start_ids, self.start_cum)
            out = [current]
            while len(out) < high:
                ids, cum = self.successors[current]
                if not ids:
                    break
                current = self._pick(ids, cum)
                if current == END:
                    break
                out.append(current)
            if len(out) >= low:
                return [self.words[i] for i in out]

    def sentence(self):
        if self.pool:
            return self.rng.choice(self.pool)
        return " ".join(self.sentence_words()).capitalize() + "."

    def use_pool(self, size):
        """From now on, sentences are drawn from `size` sentences walked once: ~10× faster for
        a big dataset, with the same word frequencies (a sentence recurs in a few posts)."""
        self.pool = None
        self.pool = [self.sentence() for _ in range(size)]

    def title(self):
        words = self.sentence_words(3, 10)
        return " ".join(words).capitalize()[:128].rstrip()

    def paragraphs(self):
        """A post body: 1-4 paragraphs of 1-5 sentences."""
        return [" ".join(self.sentence() for _ in range(self.rng.randint(1, 5))) for _ in range(self.rng.choice((1, 2, 2, 3, 3, 4)))]

    def comment(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 3)))

    def zh_sentence(self, low=6, high=20):
        n = self.rng.randint(low, high)
        words = self.rng.choices(self.zh_words, cum_weights=self.zh_cum, k=n)
        self.zh_used.update(words)
        # A comma now and then, as Chinese prose has.
        return "".join(w + ("，" if self.rng.random() < 0.12 and i < n - 1 else "") for i, w in enumerate(words)) + "。"

    def zh_title(self):
        words = self.rng.choices(self.zh_words, cum_weights=self.zh_cum, k=self.rng.randint(3, 7))
        self.zh_used.update(words)
        return "".join(words)

    def zh_paragraphs(self):
        return ["".join(self.zh_sentence() for _ in range(self.rng.randint(1, 4))) for _ in range(self.rng.choice((1, 2, 2, 3)))]

    def zh_comment(self):
        return "".join(self.zh_sentence(4, 12) for _ in range(self.rng.randint(1, 2)))


def excerpt(paragraphs, max_chars=200):
    """What the server stores as the excerpt: visible text, white space collapsed, cut with '…'."""
    text = " ".join(paragraphs).strip()
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "…"


def html(paragraphs):
    """What the server renders (pulldown-cmark + ammonia) for plain paragraphs of words."""
    return "".join(f"<p>{p}</p>\n" for p in paragraphs)


if __name__ == "__main__":
    model = load_model()
    print(f"model {model['fingerprint']}: {model['files']:,} files, {model['tokens']:,} tokens, "
          f"{len(model['words']) - 1:,} words (seen ≥ {MIN_WORD_COUNT}×), {len(model['chinese']):,} Chinese words; "
          f"counted in {model['seconds']:.0f}s")
    print("top words:", " ".join(model["words"][1:41]))
    writer = Writer(model, random.Random(42))
    for _ in range(3):
        print("title:", writer.title())
        print("  ", "\n   ".join(writer.paragraphs()))
    print("zh title:", writer.zh_title())
    print("  ", "\n   ".join(writer.zh_paragraphs()))
