"""Fill a fresh database with a national-scale consultation, fast.

    .venv/bin/python bench/generate.py                      # bench/data/large.sqlite
    .venv/bin/python bench/generate.py --comments 100000 --database-url sqlite:///bench/data/x.sqlite
    .venv/bin/python bench/generate.py --database-url postgresql://postgres@127.0.0.1:5432/coproduce_bench

The schema comes from the migrations; the rows (see dataset.py) go in with
bulk Core inserts in one transaction, not through the services. A SQLite file
is replaced; a PostgreSQL database is dropped and created again, but only
when its name contains "bench" (any other must already be empty). Every
person's password is dataset.PASSWORD.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import dataset
from sqlalchemy import create_engine, event, inspect, text

from coproduce import create_app
from coproduce.config import database_url as normalise_url
from coproduce.extensions import db

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
LOOPBACK = {"127.0.0.1", "localhost", "::1", None, ""}
CHUNK = 5_000


def sqlite_url(name: str) -> str:
    return f"sqlite:///{DATA / name}.sqlite"


def check_loopback(url: str) -> None:
    """The benchmark only ever talks to this machine."""
    host = urlsplit(url).hostname
    if url.startswith("postgres") and host not in LOOPBACK:
        raise SystemExit(f"refusing {host}: the benchmark only uses a PostgreSQL server on 127.0.0.1")


def fresh_database(url: str) -> None:
    """Remove the SQLite file, or drop and create a PostgreSQL database whose name says 'bench'."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return
    check_loopback(url)
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        engine = create_engine(url)
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
        engine.dispose()
        if tables:
            raise SystemExit(f"database {name!r} is not empty and its name lacks 'bench': not touching it")
        return
    maintenance = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    maintenance.dispose()


def bench_app(url: str):
    """The app as generate.py needs it: no secret written to instance/, quiet migrations."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-generate",
                       "COPRODUCE_ENV": "production", "RATELIMIT_ENABLED": False})


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.session.remove()


def insert_all(app, rows: dict[str, list[dict]]) -> dict[str, int]:
    """Every row, parents before children, in one transaction; then PostgreSQL sequences and statistics."""
    counts = {}
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            # Only this loading connection skips fsyncs; the file keeps the journal mode the app will use.
            event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA synchronous=OFF"))
            engine.dispose()
        with engine.begin() as conn:
            for table in db.metadata.sorted_tables:
                batch = rows.get(table.name)
                if not batch:
                    continue
                keys = set().union(*batch)
                if keys - set(table.c.keys()):
                    raise SystemExit(f"{table.name} has no column(s) {sorted(keys - set(table.c.keys()))}: "
                                     "update bench/dataset.py")
                if any(len(row) != len(keys) for row in batch):  # executemany takes the first row's columns
                    raise SystemExit(f"{table.name}: rows with different columns; give every row the same keys")
                for start in range(0, len(batch), CHUNK):
                    conn.execute(table.insert(), batch[start:start + CHUNK])
                counts[table.name] = len(batch)
            if engine.dialect.name == "postgresql":
                sync_sequences(conn)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))  # as autovacuum would have done on a live site
        engine.dispose()
    return counts


def sync_sequences(conn) -> None:
    """Rows went in with explicit ids: move each id sequence past the largest one."""
    quote = conn.dialect.identifier_preparer.quote
    for table in db.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key or table.c.id.type.python_type is not int:
            continue
        sequence = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": quote(table.name)})
        if sequence:
            conn.execute(text(f"SELECT setval(:s, COALESCE((SELECT MAX(id) FROM {quote(table.name)}), 0) + 1, false)"),
                         {"s": sequence})


def facts_path(url: str) -> Path:
    """Where the facts of the database at `url` are kept (for run.py --reuse)."""
    return DATA / (urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".sqlite") + ".facts.json")


def generate(url: str, scale: dataset.Scale = dataset.LARGE, seed: int = 1, log=print, reuse: bool = False) -> dict:
    """Build the database at `url` and return its facts, with timings.

    With reuse, a database this script built before with the same scale and seed is kept as it is."""
    url = normalise_url(url, str(DATA))
    saved = facts_path(url)
    if reuse and saved.exists():
        facts = json.loads(saved.read_text())
        if facts.get("scale") == scale.__dict__ and facts.get("seed") == seed:
            log(f"reusing {saved.name}: {facts['comments']:,} comments")
            return facts
    started = time.perf_counter()
    fresh_database(url)
    app = bench_app(url)
    migrate(app)
    schema_done = time.perf_counter()
    with app.app_context():
        welsh = "body_cy" in db.metadata.tables["version_clause"].c
    rows, facts = dataset.build(scale, seed=seed, welsh=welsh)
    built = time.perf_counter()
    counts = insert_all(app, rows)
    finished = time.perf_counter()
    facts.update(
        database=url.split("://", 1)[0].split("+", 1)[0], rows=counts, seed=seed,
        seconds={"schema": round(schema_done - started, 2), "build": round(built - schema_done, 2),
                 "insert": round(finished - built, 2), "total": round(finished - started, 2)},
    )
    log(f"generated {facts['comments']:,} comments, {counts.get('user', 0):,} people, "
        f"{counts.get('organisation', 0):,} organisations, {facts['amendments']:,} amendments "
        f"in {facts['seconds']['total']} s ({facts['database']})")
    saved.write_text(json.dumps(facts, indent=2, default=str))
    return facts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=sqlite_url("large"))
    parser.add_argument("--comments", type=int, default=dataset.LARGE.comments)
    parser.add_argument("--big-thread", type=int, default=dataset.LARGE.big_thread)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    scale = dataset.Scale(comments=args.comments, big_thread=min(args.big_thread, args.comments))
    facts = generate(args.database_url, scale, seed=args.seed)
    json.dump(facts, sys.stdout, indent=2, default=str)
    print()


if __name__ == "__main__":
    main()
