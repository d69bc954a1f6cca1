"""gunicorn on 127.0.0.1 for the benchmark, and signed-in sessions to post with.

The server runs the production settings (bench/wsgi.py) with 2 sync workers,
the way `gunicorn` would be deployed on a 2-core machine.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"
USER_AGENT = "coproduce-bench"  # sessions are bound to address and user agent: wrk sends the same one
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
WORKERS = 2
# Production settings but for two things a benchmark over plain http on one address needs:
# cookies without the Secure flag, and no rate limits. bench/wsgi.py serves the app with these.
SETTINGS = {
    "RATELIMIT_ENABLED": False,
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "PREFERRED_URL_SCHEME": "http",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """`with Server(url) as server:` serves the app until the block ends."""

    def __init__(self, database_url: str, log_path: Path, workers: int = WORKERS):
        self.database_url = database_url
        self.log_path = log_path
        self.workers = workers
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = dict(os.environ, COPRODUCE_ENV="production", COPRODUCE_DATABASE_URL=self.database_url,
                   COPRODUCE_SECRET_KEY=secrets.token_hex(32))
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}",
             "--pythonpath", str(BENCH), "--timeout", "120", "--backlog", "2048",
             "--error-logfile", "-", "--log-level", "warning", "wsgi:app"],
            cwd=BENCH.parent, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: workers finish the request in hand
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()

    def drain(self, limit: float = 180) -> float:
        """Wait until requests queued by a finished load run are done (wrk leaves them in the backlog)."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            began = time.monotonic()
            self.get("/healthz")
            if time.monotonic() - began < 0.05:
                break
        return round(time.monotonic() - start, 1)

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def errors_logged(self) -> dict[str, int]:
        """Exception lines gunicorn's log holds, by their last line (the exception and message)."""
        self.log.flush()
        counts: dict[str, int] = {}
        lines = self.log_path.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                end = next((j for j in range(i + 1, len(lines)) if not lines[j].startswith((" ", "Traceback", "\t"))),
                           None)
                if end is not None:
                    key = re.sub(r"\d+", "N", lines[end])[:200]
                    counts[key] = counts.get(key, 0) + 1
        return counts

    def sign_in(self, email: str, password: str) -> tuple[str, str]:
        """Sign in as a person would; return the session cookie and a CSRF token for it.

        The token from the sign-in form stays valid after signing in: it belongs to the session."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        opener.addheaders = [("User-Agent", USER_AGENT)]
        page = opener.open(self.base + "/sign-in", timeout=60).read().decode()
        token = CSRF.search(page).group(1)
        data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
        try:
            opener.open(self.base + "/sign-in", data=data, timeout=60)
        except urllib.error.HTTPError as redirect:
            if redirect.code != 302:
                raise
        else:
            raise RuntimeError(f"sign-in failed for {email}")
        cookie = next(c for c in jar if c.name == "session")
        return f"session={cookie.value}", token

    def sign_in_many(self, people: list[tuple[str, int]], password: str) -> list[tuple[str, str, int]]:
        """(cookie, CSRF token, organisation id) for each (email, organisation id), four at a time."""
        with ThreadPoolExecutor(4) as pool:
            signed = list(pool.map(lambda p: self.sign_in(p[0], password), people))
        return [(cookie, token, org) for (cookie, token), (_email, org) in zip(signed, people, strict=True)]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
