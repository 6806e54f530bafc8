"""Durability under load: concurrent simulated vendors save answers through gunicorn while the
server is killed with SIGKILL and started again; afterwards every save that was acknowledged
must be in the database and no answer may be half-written. Prints: saves acknowledged, saves
found, errors, p50/p99 latency.

Usage (full run): .venv/bin/python bench/durability.py [--postgres URL] [--vendors 50] [--seconds 20]
The short version runs in the test suite (tests/test_durability.py) through `run()`.
"""

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Vendor:
    token: str
    invitation_id: int
    acknowledged: int = 0  # the last counter the server confirmed (302)
    attempted: int = 0  # the last counter sent
    errors: int = 0
    latencies: list[float] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(port: int, env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--timeout", "30", "bench.wsgi_app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/bench-hello")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    raise RuntimeError("gunicorn did not start")


def _kill(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-request
    server.wait()


def _session(port: int, vendor: Vendor) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", f"/q/{vendor.token}")
        response = conn.getresponse()
        html = response.read().decode()
        cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    finally:
        conn.close()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return cookie, token


def _loop(port: int, vendor: Vendor, stop: threading.Event) -> None:
    cookie = csrf = None
    while not stop.is_set():
        try:
            if cookie is None:
                cookie, csrf = _session(port, vendor)
            n = vendor.attempted + 1
            vendor.attempted = n
            body = f"csrf_token={csrf}&action=save&a-GOV-01={n}&c-GOV-01=save-{n}&c-GOV-02=save-{n}"
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            start = time.perf_counter()
            try:
                conn.request("POST", f"/q/{vendor.token}", body=body.encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
                response = conn.getresponse()
                response.read()
            finally:
                conn.close()
            if response.status == 302:
                vendor.acknowledged = n
                vendor.latencies.append((time.perf_counter() - start) * 1000)
            else:
                vendor.errors += 1
        except (OSError, http.client.HTTPException, AttributeError):
            vendor.errors += 1
            cookie = None
            time.sleep(0.05)


def run(database_url: str, instance: Path, vendors: list[Vendor], seconds: float, kill_after: float,
        secret: str = "durability-secret", workers: int = 2) -> dict:
    port = _free_port()
    env = dict(os.environ, ASSESS_INSTANCE=str(instance), DATABASE_URL=database_url, SECRET_KEY=secret,
               PYTHONPATH=str(ROOT))
    server = _start(port, env, workers)
    stop = threading.Event()
    threads = [threading.Thread(target=_loop, args=(port, v, stop), daemon=True) for v in vendors]
    for t in threads:
        t.start()
    time.sleep(kill_after)
    _kill(server)
    server = _start(port, env, workers)
    time.sleep(max(0.0, seconds - kill_after))
    stop.set()
    for t in threads:
        t.join(timeout=30)
    server.terminate()
    server.wait()
    return verify(database_url, vendors, instance)


def verify(database_url: str, vendors: list[Vendor], instance: Path) -> dict:
    from sqlalchemy import create_engine, text

    from assess.audit.keys import load_or_create
    from assess.db import normalise_url

    engine = create_engine(normalise_url(database_url))
    lost = half = found = 0
    with engine.connect() as conn:
        for v in vendors:
            rows = dict(conn.execute(text("SELECT control_id, coalesce(value, '') || '|' || comment FROM answer WHERE invitation_id = :i"),
                                     {"i": v.invitation_id}).all())
            if v.acknowledged == 0:
                continue
            value, _, comment = (rows.get("GOV-01") or "|").partition("|")
            stored = int(value) if value.isdigit() else 0
            other = (rows.get("GOV-02") or "|").partition("|")[2]
            if comment != f"save-{value}" or other != f"save-{value}":
                half += 1  # the fields of one save disagree: a half-written save
            if stored < v.acknowledged:
                lost += 1  # an acknowledged save is not there
            else:
                found += 1
        from sqlalchemy.orm import Session

        from assess.audit.services import verify_chain

        with Session(bind=conn) as session:  # the chain is keyed: the server's key, from its instance folder
            broken = verify_chain(session, key=load_or_create(instance / "audit_key"))
    engine.dispose()
    latencies = sorted(x for v in vendors for x in v.latencies)
    return {"acknowledged": sum(v.acknowledged for v in vendors), "vendors": len(vendors),
            "vendors_with_last_ack_found": found, "lost": lost, "half_written": half,
            "errors": sum(v.errors for v in vendors),
            "audit_chain": "intact" if broken is None else f"broken at seq {broken.seq}: {broken.reason}",
            "p50_ms": statistics.median(latencies) if latencies else None,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] if latencies else None}


def prepare(database_url: str, instance: Path, count: int, secret: str = "durability-secret") -> list[Vendor]:
    """A migrated database with one project and `count` invited vendors."""
    previous = os.environ.get("ASSESS_INSTANCE")
    os.environ["ASSESS_INSTANCE"] = str(instance)
    try:
        return _prepare(database_url, count, secret)
    finally:
        if previous is None:
            os.environ.pop("ASSESS_INSTANCE", None)
        else:
            os.environ["ASSESS_INSTANCE"] = previous


def _prepare(database_url: str, count: int, secret: str) -> list[Vendor]:
    from flask_migrate import upgrade

    from assess import create_app
    from assess.extensions import db
    from tests import factories

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret})
    with app.app_context():
        upgrade()
        project = factories.project(deadline=date(2027, 3, 1))
        invited = [factories.invite(project) for _ in range(count)]
        db.session.commit()
        db.engine.dispose()
    return [Vendor(i.token, i.invitation_id) for i in invited]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database this run may fill (e.g. a scratch one)")
    parser.add_argument("--vendors", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="assess-durability-"))
    url = args.postgres or f"sqlite:///{instance / 'durability.db'}"
    vendors = prepare(url, instance, args.vendors)
    result = run(url, instance, vendors, args.seconds, args.seconds / 2)
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite (WAL)'}, {args.vendors} vendors, {args.seconds}s,"
          f" SIGKILL at {args.seconds / 2}s")
    for key, value in result.items():
        print(f"{key:28}: {value if not isinstance(value, float) else round(value, 1)}")


if __name__ == "__main__":
    main()
