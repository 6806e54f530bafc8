"""Median latency of the vendor questionnaire page with 150 requirements, against a hello-world
route of the same app under the same gunicorn server, measured in the same run.

Usage: .venv/bin/python bench/vendor_page.py [--requirements 150] [--requests 200]
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(instance: Path, size: int) -> str:
    """A fresh SQLite instance with one project of `size` requirements and one invitation."""
    os.environ["ASSESS_INSTANCE"] = str(instance)
    from flask_migrate import upgrade

    from assess import create_app
    from assess.extensions import db
    from bench.synthetic import make_catalog
    from tests import factories

    catalog = make_catalog(instance / "controls", size)
    app = create_app({"CATALOG_DIR": str(catalog)})
    with app.app_context():
        upgrade()
        profile = dict(factories.PERSONAL)
        project = factories.project(folder=catalog, deadline=date(2027, 3, 1), profile=profile)
        invited = factories.invite(project)
        db.session.commit()
        return invited.token


def timings(port: int, path: str, count: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out = []
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, (path, response.status)
    conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=int, default=150)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="assess-bench-"))
    token = prepare(instance, args.requirements)
    port = 5099
    env = dict(os.environ, ASSESS_INSTANCE=str(instance), PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                               "bench.wsgi_app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                timings(port, "/bench-hello", 1)
                break
            except OSError:
                time.sleep(0.1)
        timings(port, f"/q/{token}", 5)  # warm up
        hello = statistics.median(timings(port, "/bench-hello", args.requests))
        page = statistics.median(timings(port, f"/q/{token}", args.requests))
    finally:
        server.terminate()
        server.wait()
    print(f"vendor page, {args.requirements} requirements, gunicorn 1 worker, {args.requests} requests each")
    print(f"hello-world route (floor) : {hello:7.2f} ms median")
    print(f"vendor questionnaire page : {page:7.2f} ms median  ({page / hello:.1f}x the floor)")


if __name__ == "__main__":
    main()
