"""Measurements: single-client latency, wrk throughput, SQL queries per request.

Every loop here is bounded both in requests and in seconds.
"""

from __future__ import annotations

import http.client
import json
import math
import random
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

from server import HOST, SETTINGS, USER_AGENT, Server
from sqlalchemy import event

BENCH = Path(__file__).resolve().parent
# What each page shows, counted in its HTML: the number the page's cost should follow.
ITEMS = {
    "document": re.compile(rb'<section class="app-clause '),
    "thread": re.compile(rb'<article class="app-comment'),
    "comparison": re.compile(rb'<section class="app-change '),
    "report": re.compile(rb'<div class="app-report-item"'),
}


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(latencies: list[float], statuses: dict[int, int], seconds: float) -> dict:
    ordered = sorted(latencies)
    ms = lambda v: round(v * 1000, 1)  # noqa: E731
    return {"requests": len(ordered), "seconds": round(seconds, 2), "statuses": statuses,
            "p50_ms": ms(percentile(ordered, 50)), "p95_ms": ms(percentile(ordered, 95)),
            "max_ms": ms(ordered[-1]) if ordered else None}


def single_client(send, *, max_requests: int = 200, seconds: float = 10, min_requests: int = 10,
                  hard_seconds: float = 60, warm_up: int = 4) -> dict:
    """One client, one request at a time: `send()` returns the status. Stops at max_requests, or after
    `seconds` once min_requests are in, and always by hard_seconds."""
    warming = time.perf_counter()
    for n in range(warm_up):  # each of the two workers loads templates and fills caches once
        if n >= 2 and time.perf_counter() - warming > 3:
            break
        send()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter()
    while len(latencies) < max_requests:
        elapsed = time.perf_counter() - start
        if elapsed >= hard_seconds or (elapsed >= seconds and len(latencies) >= min_requests):
            break
        began = time.perf_counter()
        status = send()
        latencies.append(time.perf_counter() - began)
        statuses[status] = statuses.get(status, 0) + 1
    return summarise(latencies, statuses, time.perf_counter() - start)


def getter(server: Server, path: str, headers: dict | None = None):
    return lambda: server.get(path, headers)[0]


def post_comment(server: Server, session: tuple[str, str, int], path: str, text: str) -> tuple[int, str]:
    """POST the comment form as a browser would; (status, Location header)."""
    cookie, token, organisation = session
    body = urllib.parse.urlencode({"csrf_token": token, "stance": "question", "speak_for": str(organisation),
                                   "body": text})
    connection = http.client.HTTPConnection(HOST, server.port, timeout=120)
    try:
        connection.request("POST", path, body=body, headers={
            "User-Agent": USER_AGENT, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def poster(server: Server, sessions: list[tuple[str, str, int]], paths: list[str], marker: str):
    """Post comments one after another, taking the next signed-in person and clause each time."""
    state = {"n": 0}

    def send() -> int:
        n = state["n"] = state["n"] + 1
        text = f"Single-client comment {marker} {n}. Who will check that this clause is carried out?"
        return post_comment(server, sessions[n % len(sessions)], paths[n % len(paths)], text)[0]

    return send


COMMENT_ID = re.compile(r"/comments/(\d+)/")


def paced_posts(server: Server, sessions: list[tuple[str, str, int]], paths: list[str], marker: str, *,
                clients: int, mean_interval: float, seconds: float) -> dict:
    """`clients` people, each posting at random moments (uniform gaps averaging mean_interval seconds)
    until `seconds` have passed. Latency is the POST's alone, not the pauses between posts."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    ids: list[int] = []
    lock = threading.Lock()

    def person(i: int) -> None:
        rng = random.Random(i)
        n = 0
        while True:
            pause = rng.uniform(0, 2 * mean_interval)
            if time.monotonic() + pause >= deadline:
                return
            time.sleep(pause)
            n += 1
            text = f"Deadline comment {marker} p{i}-{n}. Our group supports this clause, and asks for a timescale."
            began = time.perf_counter()
            try:
                status, location = post_comment(server, sessions[(i + n * clients) % len(sessions)],
                                                paths[rng.randrange(len(paths))], text)
            except OSError:
                status, location = 0, ""  # 0: the connection failed or timed out
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                found = COMMENT_ID.search(location) if status == 302 else None
                if found:
                    ids.append(int(found.group(1)))

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.monotonic()) + 130)
    result = summarise(latencies, statuses, time.perf_counter() - started)
    ordered = sorted(latencies)
    result["latency_ms"] = {"p50": result["p50_ms"], "p95": result["p95_ms"],
                            "p99": round(percentile(ordered, 99) * 1000, 1), "max": result["max_ms"]}
    result["ids"] = ids
    return result


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(url: str, *, threads: int, connections: int, seconds: int, script: str = "stats.lua",
        args: list[str] | None = None, timeout: int = 30, headers: dict | None = None) -> dict:
    """Run wrk for `seconds` and return its numbers (from the script's JSON line), with requests per second."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s",
               "-s", str(BENCH / script), url]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    if args:
        command += ["--", *args]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 60)
    line = next((line for line in finished.stdout.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {finished.stdout[-2000:]} {finished.stderr[-2000:]}")
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    result["latency_ms"] = {k: round(v / 1000, 1) for k, v in result.pop("latency_us").items()}
    return result


class InProcess:
    """The same app in this process, for what HTTP cannot see: SQL statements per request."""

    def __init__(self, database_url: str):
        from coproduce import create_app
        from coproduce.extensions import db

        self.app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "COPRODUCE_ENV": "production",
                               "SECRET_KEY": "bench-in-process", "WTF_CSRF_ENABLED": False})
        self.statements = 0
        with self.app.app_context():
            self.engine = db.engine
            event.listen(self.engine, "before_cursor_execute", self.count)

    def count(self, *args) -> None:
        self.statements += 1

    def measure(self, path: str, *, client=None, data: dict | None = None, page: str = "",
                repeat: int = 5, seconds: float = 8) -> dict:
        """Statements per request, and the CPU time one request costs this process (the median of up to
        `repeat` requests in `seconds`, after a warm-up). CPU time hardly moves when other programs load
        the machine, unlike latency; on SQLite it includes the database's work, on PostgreSQL not."""
        client = client or self.app.test_client()
        send = (lambda: client.post(path, data=data)) if data is not None else (lambda: client.get(path))
        if data is None:
            send()
        cpu: list[float] = []
        start = time.perf_counter()
        while len(cpu) < repeat and (not cpu or time.perf_counter() - start < seconds):
            self.statements = 0
            began = time.process_time()
            response = send()
            cpu.append(time.process_time() - began)
        found = {"status": response.status_code, "queries": self.statements, "bytes": len(response.data),
                 "cpu_ms": round(percentile(sorted(cpu), 50) * 1000, 1)}
        if page in ITEMS:
            found["items"] = len(ITEMS[page].findall(response.data))
        return found

    def signed_in_client(self, email: str, password: str):
        client = self.app.test_client()
        client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
        response = client.post("/sign-in", data={"email": email, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"in-process sign-in failed for {email}")
        return client

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self.count)
        self.engine.dispose()
