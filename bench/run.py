"""`make bench`: speed and load at national scale, measured over HTTP.

    .venv/bin/python bench/run.py            # about 9 minutes on 2 cores
    .venv/bin/python bench/run.py --quick    # a smoke test of the whole harness, about 4 minutes

1. Generates the large consultation (generate.py) into SQLite (bench/data/large.sqlite),
   or into COPRODUCE_DATABASE_URL (a PostgreSQL database on 127.0.0.1) when set.
2. Serves it with gunicorn (2 workers, 127.0.0.1, production settings, server.py) and measures
   each page type: single-client p50/p95 (one request at a time, in Python), throughput at 16
   concurrent clients (wrk -t2 -c16 -d10s), and SQL statements per request (in-process).
   /healthz is the ceiling: the framework with no page and no database.
3. Growth: the same read pages at 1,000, 10,000 and 100,000 comments (SQLite).
4. Deadline surge: 200 clients posting comments for 60 s on SQLite and on PostgreSQL
   (COPRODUCE_BENCH_POSTGRES_URL, default a coproduce_bench database on 127.0.0.1), flat out
   (wrk, post.lua) and paced (each client posting every 20 s on average): errors, comments lost
   (each id the server reported, looked up afterwards), p95, and the audit chain checked after.
5. Writes bench/results.json and bench/results.md (report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import dataset
import report
from generate import DATA, check_loopback, generate, sqlite_url
from load import InProcess, getter, paced_posts, poster, single_client, wrk, wrk_available
from server import Server
from sqlalchemy import create_engine, text

BENCH = Path(__file__).resolve().parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/coproduce_bench"
GROWTH = (1_000, 10_000, 100_000)


class Timing:
    def __init__(self, quick: bool):
        self.single = dict(seconds=3, min_requests=3, hard_seconds=20) if quick else dict(seconds=10, hard_seconds=60)
        self.growth = dict(seconds=2, min_requests=3, hard_seconds=20) if quick else \
            dict(seconds=6, min_requests=5, max_requests=100, hard_seconds=40)
        self.throughput = 3 if quick else 10
        self.surge = 10 if quick else 60
        self.pace = 20  # seconds between one client's posts, on average: 200 clients make 10 posts a second


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def read_pages(facts: dict) -> list[tuple[str, str, str]]:
    """(key, label, path) of every read page measured, the ceiling first."""
    slug, latest = facts["slug"], facts["versions"]
    thread = facts["big_thread_size"]
    return [
        ("trivial", "Trivial route /healthz (ceiling)", "/healthz"),
        ("light", "Light page /accessibility", "/accessibility"),
        ("document", f"Document, latest version ({facts['clauses_latest']} clauses)", f"/documents/{slug}/"),
        ("thread", f"Thread of {thread:,} comments", f"/documents/{slug}/comments/{facts['big_thread_root']}/?v={latest}"),
        ("comparison", f"Comparison v{latest - 1}..v{latest}", f"/documents/{slug}/compare/{latest - 1}..{latest}/"),
        ("report", f"Response report v{latest - 1}", f"/documents/{slug}/v/{latest - 1}/responses/"),
    ]


def posters(url: str, n: int) -> list[tuple[str, int]]:
    """People who speak for a verified community group: their comments are published at once."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            'SELECT u.email, MIN(m.organisation_id) FROM "user" u JOIN membership m ON m.user_id = u.id '
            "JOIN organisation o ON o.id = m.organisation_id WHERE m.status = 'approved' AND o.kind = 'community' "
            "AND o.verified_at IS NOT NULL AND u.is_site_admin = :no GROUP BY u.id, u.email ORDER BY u.id LIMIT :n"
        ), {"n": n, "no": False}).all()
    engine.dispose()
    return [(email, org) for email, org in rows]


def clause_paths(url: str, facts: dict) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        keys = conn.scalars(text(
            "SELECT vc.key FROM version_clause vc JOIN version v ON v.id = vc.version_id "
            "WHERE v.number = :n ORDER BY vc.position"), {"n": facts["versions"]}).all()
    engine.dispose()
    return [f"/documents/{facts['slug']}/v/{facts['versions']}/clauses/{key}/" for key in keys]


def write_sessions(name: str, sessions: list[tuple[str, str, int]], paths: list[str]) -> tuple[str, str]:
    people = DATA / f"{name}-sessions.tsv"
    people.write_text("".join(f"{cookie}\t{token}\t{org}\n" for cookie, token, org in sessions))
    clauses = DATA / f"{name}-clauses.txt"
    clauses.write_text("".join(f"{path}\n" for path in paths))
    return str(people), str(clauses)


def load1() -> float:
    return round(os.getloadavg()[0], 2)


READER_PAGES = ("document", "thread", "comparison", "report")


def measure_read(probe: InProcess, server: Server, key: str, label: str, path: str, timing: Timing, *,
                 audience: str, client=None, cookie: str = "") -> dict:
    """One page for one audience: SQL and CPU in-process, single-client latency and wrk throughput over HTTP."""
    log(f"pages ({audience}): {label}")
    headers = {"Cookie": cookie} if cookie else {}
    row = {"key": key, "label": label, "path": path, "audience": audience, "load_before": load1()}
    row.update(probe.measure(path, page=key, client=client))
    row["single"] = single_client(getter(server, path, headers), **timing.single)
    row["throughput"] = wrk(server.base + path, threads=2, connections=16, seconds=timing.throughput,
                            headers=headers)
    row["throughput"]["drained_s"] = server.drain()
    row["load_after"] = load1()
    return row


def measure_pages(url: str, facts: dict, timing: Timing) -> list[dict]:
    """Each read page twice: as the public reads it (not signed in: pages kept in memory, coproduce/pagecache.py)
    and as a signed-in member reads it (rendered every time); then the comment POST."""
    results = []
    probe = InProcess(url)
    paths = clause_paths(url, facts)
    people = posters(url, 40)
    with Server(url, DATA / "gunicorn-pages.log") as server:
        for key, label, path in read_pages(facts):
            results.append(measure_read(probe, server, key, label, path, timing, audience="public"))
        reader = probe.signed_in_client(people[-1][0], dataset.PASSWORD)
        [(cookie, _token, _org)] = server.sign_in_many(people[-1:], dataset.PASSWORD)
        for key, label, path in read_pages(facts):
            if key in READER_PAGES:
                results.append(measure_read(probe, server, key, label, path, timing, audience="signed in",
                                            client=reader, cookie=cookie))
        log("pages: comment POST")
        sessions = server.sign_in_many(people[:-1], dataset.PASSWORD)
        row = {"key": "post", "label": "Comment POST (then 302 to the thread)", "path": paths[0].rsplit("/", 2)[0]
               + "/<key>/", "audience": "signed in", "load_before": load1()}
        client = probe.signed_in_client(people[0][0], dataset.PASSWORD)
        row.update(probe.measure(paths[0], client=client, page="post", data={
            "body": "Counting statements.", "stance": "support", "speak_for": str(people[0][1])}))
        row["single"] = single_client(poster(server, sessions, paths, "pages"), **timing.single)
        files = write_sessions("pages", sessions, paths)
        row["throughput"] = wrk(server.base + "/", threads=2, connections=16, seconds=timing.throughput,
                                script="post.lua", args=[*files, "throughput", "2"])
        row["throughput"].pop("ids", None)
        row["throughput"]["drained_s"] = server.drain()
        row["load_after"] = load1()
        results.append(row)
        row["server_errors"] = server.errors_logged()
    probe.close()
    return results


def measure_growth(timing: Timing, reuse: bool) -> list[dict]:
    """Rendering cost as the data grows: pages as a signed-in member gets them (the public's are kept in memory)."""
    results = []
    for comments in GROWTH:
        url = sqlite_url(f"growth-{comments}")
        log(f"growth: generating {comments:,} comments")
        facts = generate(url, dataset.growth(comments), log=log, reuse=reuse)
        probe = InProcess(url)
        [(email, _org)] = posters(url, 1)
        reader = probe.signed_in_client(email, dataset.PASSWORD)
        rows = []
        with Server(url, DATA / f"gunicorn-growth-{comments}.log") as server:
            [(cookie, _token, _org)] = server.sign_in_many([(email, _org)], dataset.PASSWORD)
            for key, label, path in read_pages(facts):
                if key not in READER_PAGES:
                    continue
                row = {"key": key, "label": label, "path": path}
                row.update(probe.measure(path, page=key, client=reader))
                row["single"] = single_client(getter(server, path, {"Cookie": cookie}), **timing.growth)
                rows.append(row)
        probe.close()
        results.append({"comments": comments, "facts": facts, "pages": rows, "load": load1()})
    return results


def count_marked(url: str, marker: str, ids: list[int]) -> tuple[int, int]:
    """(rows carrying the marker, how many of the reported ids are among them)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = set(conn.scalars(text("SELECT id FROM comment WHERE body LIKE :m"),
                                  {"m": f"Deadline comment {marker} %"}).all())
    engine.dispose()
    return len(stored), len(stored & set(ids))


def audit_chain(url: str) -> dict:
    from coproduce.audit.trail import verify_chain
    from coproduce.extensions import db

    probe = InProcess(url)
    with probe.app.app_context():
        checked, broken, why = verify_chain()
        db.session.remove()
    probe.close()
    return {"checked": checked, "intact": broken is None, "why": why}


def surge(url: str, facts: dict, name: str, timing: Timing, clients: int = 200, people: int = 400) -> list[dict]:
    """The deadline surge on one database, twice: flat out (wrk, every client posting again as soon as
    answered), then paced (each client posting every timing.pace seconds on average)."""
    paths = clause_paths(url, facts)
    stamp = int(time.time())
    runs = []
    with Server(url, DATA / f"gunicorn-surge-{name}.log") as server:
        log(f"surge {name}: signing in {people} people")
        sessions = server.sign_in_many(posters(url, people), dataset.PASSWORD)
        files = write_sessions(f"surge-{name}", sessions, paths)
        log(f"surge {name}: {clients} clients posting flat out for {timing.surge} s (wrk)")
        marker = f"{name}-flat-{stamp}"
        load_before = load1()
        result = wrk(server.base + "/", threads=2, connections=clients, seconds=timing.surge, script="post.lua",
                     args=[*files, marker, "2"], timeout=30)
        runs.append({"mode": "flat out", "marker": marker, "load_before": load_before, "load_after": load1(),
                     "requests": result["requests"], "statuses": {int(k): v for k, v in result["statuses"].items()},
                     "socket_errors": sum(result["errors"][k] for k in ("connect", "read", "write", "timeout")),
                     "latency_ms": result["latency_ms"], "rps": result["rps"],
                     "ids": [int(i) for i in result["ids"]], "drained_s": server.drain()})
        log(f"surge {name}: {clients} clients posting every {timing.pace} s on average for {timing.surge} s")
        marker = f"{name}-paced-{stamp}"
        load_before = load1()
        result = paced_posts(server, sessions, paths, marker, clients=clients, mean_interval=timing.pace,
                             seconds=timing.surge)
        runs.append({"mode": f"paced, 1 post per client per {timing.pace} s", "marker": marker,
                     "load_before": load_before, "load_after": load1(), "requests": result["requests"],
                     "statuses": {k: v for k, v in result["statuses"].items() if k}, "socket_errors":
                     result["statuses"].get(0, 0), "latency_ms": result["latency_ms"],
                     "rps": round(result["requests"] / result["seconds"], 1), "ids": result["ids"],
                     "drained_s": server.drain()})
        server_errors = server.errors_logged()
    audit = audit_chain(url)
    for run in runs:
        ids = run.pop("ids")
        stored, found = count_marked(url, run.pop("marker"), ids)
        run.update(database=name, clients=clients, people=len(sessions), seconds=timing.surge,
                   posted=run["statuses"].get(302, 0), stored=stored, lost=len(set(ids)) - found,
                   stored_not_reported=stored - found, server_errors=server_errors, audit=audit,
                   errors=sum(v for k, v in run["statuses"].items() if k != 302) + run["socket_errors"])
    return runs


def postgres_url() -> str | None:
    url = os.environ.get("COPRODUCE_DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    url = os.environ.get("COPRODUCE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    check_loopback(url)
    engine = create_engine(url.rsplit("/", 1)[0] + "/postgres")
    try:
        with engine.connect():
            return url
    except Exception as error:  # noqa: BLE001 - any failure to connect means "no PostgreSQL here"
        log(f"no PostgreSQL at {url.rsplit('@', 1)[-1]}: {type(error).__name__}")
        return None
    finally:
        engine.dispose()


def environment() -> dict:
    import sqlite3

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH.parent)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                           cwd=BENCH.parent)
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "machine": platform.machine(), "wrk": " ".join(wrk_version.split()[:2]),
            "commit": commit.stdout.strip() + ("+changes" if dirty.stdout.strip() else ""),
            "load_at_start": [round(x, 2) for x in os.getloadavg()]}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short runs: checks the harness, not the app")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-surge", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep databases an earlier run generated (the surge's posts stay in them)")
    args = parser.parse_args(argv)
    if not wrk_available():
        sys.exit("wrk is not installed: `apt-get install wrk` (make bench does this when run as root)")
    timing = Timing(args.quick)
    started = time.perf_counter()
    DATA.mkdir(parents=True, exist_ok=True)
    results: dict = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"), "quick": args.quick,
                     "environment": environment()}
    main_url = os.environ.get("COPRODUCE_DATABASE_URL") or sqlite_url("large")
    check_loopback(main_url)
    log("generating the large consultation")
    facts = generate(main_url, log=log, reuse=args.reuse)
    results["dataset"] = facts
    results["pages"] = measure_pages(main_url, facts, timing)
    if not args.skip_growth:
        results["growth"] = measure_growth(timing, args.reuse)
    if not args.skip_surge:
        results["surge"] = []
        sqlite_main = main_url if main_url.startswith("sqlite") else sqlite_url("large")
        if sqlite_main != main_url:
            generate(sqlite_main, log=log, reuse=args.reuse)
        results["surge"] += surge(sqlite_main, facts, "sqlite", timing)
        pg = postgres_url()
        if pg:
            if pg != main_url:
                log("generating the large consultation on PostgreSQL")
                results["dataset_postgres"] = generate(pg, log=log, reuse=args.reuse)
            results["surge"] += surge(pg, facts, "postgresql", timing)
        else:
            results["surge"].append({"database": "postgresql", "skipped": "no PostgreSQL server on 127.0.0.1"})
    results["environment"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = report.targets(results)
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    (BENCH / "results.md").write_text(report.markdown(results))
    log(f"done in {results['seconds']} s: bench/results.md")
    print(report.summary(results))


if __name__ == "__main__":
    main()
