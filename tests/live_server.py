"""A real gunicorn serving the test database on a loopback port, and a small browser-like client
(one cookie jar, CSRF token read from the page) for tests that need separate processes and real
concurrency: races, throttling under load, log lines as gunicorn writes them."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app, workers: int = 4, env: dict | None = None, args: tuple = (), log: Path | None = None):
    """gunicorn serving `app`'s database, instance folder and secret; yields the port. Its output
    goes to `log` when given (a test may read the lines it wrote)."""
    port = free_port()
    environ = dict(os.environ, ASSESS_INSTANCE=app.instance_path,
                   DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY=app.config["SECRET_KEY"],
                   CATALOG_DIR=app.config["CATALOG_DIR"], EVIDENCE_DIR=app.config["EVIDENCE_DIR"],
                   OUTBOX_DIR=app.config["OUTBOX_DIR"], PYTHONPATH=str(ROOT), **(env or {}))
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--timeout", "30", *args, "assess:create_app()"], cwd=ROOT, env=environ,
                              stdout=out, stderr=out, start_new_session=True)
    try:
        _wait_until_up(port, server)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if log:
            out.close()


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    raise RuntimeError("gunicorn did not start")


class Browser:
    """One visitor: its own cookie, the CSRF token of the last page it read."""

    def __init__(self, port: int, headers: dict | None = None):
        self.port, self.cookies, self.csrf = port, {}, None
        self.headers = headers or {}

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 30):
        body = urlencode(form or {}, doseq=True).encode() if form is not None else None
        headers = {**self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        finally:
            conn.close()
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', text)
        if found:
            self.csrf = found.group(1)
        return response.status, text, response.headers

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        if self.csrf is None:
            self.get(path if not path.startswith("/login") else "/login")
        return self.request("POST", path, {**form, "csrf_token": self.csrf})

    def login(self, email: str, password: str) -> int:
        self.get("/login")
        return self.post("/login", {"email": email, "password": password})[0]


def at_once(calls: list) -> list:
    """Runs the callables in threads released together; their results in order (bounded: 60 s)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(n, call):
        barrier.wait(timeout=30)
        try:
            results[n] = call()
        except Exception as e:  # reported as the result: the test says what it expected
            results[n] = e

    threads = [threading.Thread(target=run, args=(n, c), daemon=True) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
