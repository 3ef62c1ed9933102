#!/usr/bin/env python3
"""Loads a dataset made by bench/dataset.py (one CSV per table) into a database the server has
migrated, fast: SQLite with executemany in one transaction, PostgreSQL with COPY through psql.
Only the columns the table has are loaded, so an older binary's schema (BENCH_BASELINE_BIN)
takes the same files; PostgreSQL's id sequences are moved past the loaded ids.

  load.py sqlite PATH DATASET_DIR
  load.py postgres URL DATASET_DIR
"""
import csv
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

NULL = r"\N"
csv.field_size_limit(1 << 30)


def tables_of(dataset):
    return sorted(path.stem for path in Path(dataset).glob("*.csv"))


def read(path, keep):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        positions = [header.index(column) for column in keep]
        for row in reader:
            yield [None if row[p] == NULL else row[p] for p in positions]


def header_of(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def load_sqlite(path, dataset):
    db = sqlite3.connect(path)
    # A fresh database nobody else reads: no journal, big page cache; WAL again at the end.
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-500000")
    with db:
        for table in tables_of(dataset):
            existing = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if not existing:
                sys.exit(f"load: no table {table} in {path}")
            columns = [c for c in header_of(Path(dataset) / f"{table}.csv") if c in existing]
            marks = ", ".join("?" for _ in columns)
            db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                           read(Path(dataset) / f"{table}.csv", columns))
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()


def psql(url, *arguments, stdin=None, capture=False):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *arguments], stdin=stdin, check=True,
                          text=True, stdout=subprocess.PIPE if capture else subprocess.DEVNULL)


def load_postgres(url, dataset):
    columns_of = {}
    listing = psql(url, "-At", "-F", "\t", "-c",
                   "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
                   capture=True).stdout
    for line in listing.splitlines():
        table, column = line.split("\t")
        columns_of.setdefault(table, set()).add(column)
    for table in tables_of(dataset):
        if table not in columns_of:
            sys.exit(f"load: no table {table} in the PostgreSQL database")
        path = Path(dataset) / f"{table}.csv"
        header = header_of(path)
        columns = [c for c in header if c in columns_of[table]]
        copy = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, HEADER true, NULL '\\N')"
        if columns == header:
            with open(path, "rb") as handle:
                psql(url, "-c", copy, stdin=handle)
        else:
            # An older schema: pass only its columns on.
            process = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", copy],
                                       stdin=subprocess.PIPE, text=True, encoding="utf-8")
            writer = csv.writer(process.stdin, lineterminator="\n")
            writer.writerow(columns)
            for row in read(path, columns):
                writer.writerow([NULL if value is None else value for value in row])
            process.stdin.close()
            if process.wait() != 0:
                sys.exit(f"load: COPY {table} failed")
        if "id" in columns:
            psql(url, "-c", f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    psql(url, "-c", "VACUUM ANALYZE")


if __name__ == "__main__":
    kind, target, dataset = sys.argv[1:4]
    started = time.time()
    {"sqlite": load_sqlite, "postgres": load_postgres}[kind](target, dataset)
    print(f"loaded {dataset} into {kind} in {time.time() - started:.0f}s", file=sys.stderr)
