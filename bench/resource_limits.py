"""Worker memory and time under the cheap attacks of the resource-exhaustion issue, against one
gunicorn worker on a fresh SQLite instance with a 150-requirement questionnaire:

1. draft saves of 20,000-character texts (refused at the item since drafts have the submit's
   10,000-character limit; the page comes back with the text, rendered per request);
2. accepted draft saves of 10,000-character texts, each save different (RSS, and how much the
   database and the audit log grow per save);
3. uploads of the 30000-point PDF (refused before anything is drawn) and of an A0 drawing
   (previewed at a capped size in a budgeted child process).

Prints the worker's RSS before and after each part and the slowest request. Not a test: run it
by hand. The worker must stay flat (± 20 MB) and each preview under 1 s.

Usage: .venv/bin/python bench/resource_limits.py [--saves 1000] [--previews 100]
"""

import argparse
import http.client
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.vendor_page import prepare  # noqa: E402
from tests import hostile_files  # noqa: E402


class Browser:
    """Just enough of a browser: one connection, the session cookie, the CSRF token."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, str, float]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if content_type:
            headers["Content-Type"] = content_type
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        took = time.perf_counter() - start
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text, took

    def post_form(self, path: str, fields: dict) -> tuple[int, str, float]:
        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_files(self, path: str, fields: dict, files: dict[str, tuple[str, bytes]]) -> tuple[int, str, float]:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def database_bytes(instance: Path) -> int:
    return sum(p.stat().st_size for p in instance.glob("assess.db*"))


def audit_bytes(instance: Path) -> tuple[int, int]:
    with sqlite3.connect(instance / "assess.db") as db:
        return db.execute("SELECT count(*), coalesce(sum(length(CAST(data AS BLOB))), 0) FROM audit_event "
                          "WHERE action = 'answer.save'").fetchone()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--previews", type=int, default=100)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="assess-bench-"))
    token = prepare(instance, 150)
    port = 5098
    env = dict(os.environ, ASSESS_INSTANCE=str(instance), PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-t", "120", "-b", f"127.0.0.1:{port}",
                               "bench.wsgi_app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/bench-hello")
                break
            except OSError:
                time.sleep(0.1)
        worker = worker_pid(server.pid)
        browser = Browser(port)
        link = f"/q/{token}"
        status, page, _took = browser.request("GET", link)
        assert status == 200, status
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        ids = re.findall(r'name="c-([A-Z]+-\d+)"', page)
        uploads = re.findall(r'name="f-([A-Z]+-\d+)"', page)
        kind = re.search(rf'name="fk-{uploads[0]}">\s*<option value="(\w+)"', page).group(1)
        print(f"vendor page: {len(ids)} items; gunicorn 1 worker (pid {worker})")

        def save(fields: dict) -> tuple[int, float]:
            status, _text, took = browser.post_form(link, {"csrf_token": csrf, "action": "save", **fields})
            if status == 302:
                browser.request("GET", link)  # as a browser would (and it takes the flashed message)
            return status, took

        for n in range(20):  # warm up: every code path, template and frame loaded once
            save({f"c-{ids[n]}": f"準備{n}" * 10})
            save({f"c-{ids[0]}": "長" * 20_000})
            browser.request("GET", link)

        before = rss_mb(worker)
        statuses, times = [], []
        for n in range(args.saves):
            text = (f"{n:06d}" + "下書きの本文。" * 3000)[:20_000]
            status, took = save({f"c-{ids[n % 20]}": text, f"c-{ids[(n + 7) % 20]}": text[::-1]})
            statuses.append(status)
            times.append(took)
        after = rss_mb(worker)
        print(f"\n1. {args.saves} draft saves of 20,000-character texts (two fields each):")
        print(f"   answered {sorted(set(statuses))} (400: refused at the item, the page shown with the text)")
        print(f"   worker RSS {before:.0f} MB -> {after:.0f} MB ({after - before:+.0f} MB); "
              f"median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms")

        before, db_before, (events_before, audit_before) = rss_mb(worker), database_bytes(instance), audit_bytes(instance)
        statuses, times = [], []
        for n in range(args.saves):
            text = (f"{n:06d}" + "保存する回答の本文。" * 1200)[:10_000]
            status, took = save({f"c-{ids[n % 20]}": text, f"c-{ids[(n + 7) % 20]}": text[::-1]})
            statuses.append(status)
            times.append(took)
        after, db_after, (events_after, audit_after) = rss_mb(worker), database_bytes(instance), audit_bytes(instance)
        saves = max(events_after - events_before, 1)
        print(f"\n2. {args.saves} accepted draft saves of 10,000-character texts (two fields each, all different):")
        print(f"   answered {sorted(set(statuses))} (302: saved)")
        print(f"   worker RSS {before:.0f} MB -> {after:.0f} MB ({after - before:+.0f} MB); "
              f"median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms")
        print(f"   database {db_before / 1e6:.1f} MB -> {db_after / 1e6:.1f} MB "
              f"({(db_after - db_before) / saves / 1024:.1f} KB a save); "
              f"audit record of a save {(audit_after - audit_before) / saves / 1024:.1f} KB")

        for label, data in (("30000-point PDF (refused)", hostile_files.huge_page_pdf()),
                            ("A0 drawing (previewed, capped)", hostile_files.large_but_legal_pdf())):
            before, times, answers = rss_mb(worker), [], set()
            for n in range(args.previews):
                status, text, took = browser.post_files(
                    link, {"csrf_token": csrf, "action": "save", f"fk-{uploads[0]}": kind},
                    {f"f-{uploads[0]}": (f"drawing-{n}.pdf", data)})
                times.append(took)
                answers.add(status)
                if status == 302:
                    browser.request("GET", link)
            after = rss_mb(worker)
            print(f"\n3. {args.previews} uploads of the {label}, {len(data)} bytes each: answered {sorted(answers)}")
            print(f"   worker RSS {before:.0f} MB -> {after:.0f} MB ({after - before:+.0f} MB); "
                  f"median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
