"""Help desk intake under load: concurrent help requests with files against a running server.

    .venv/bin/python bench/helpdesk_intake_load.py [--requests 200] [--concurrency 200]
        [--server gunicorn|runserver] [--workers 2] [--threads 16]

A fresh temporary QORGAU_VAR_DIR (SQLite in WAL mode, files, keys), three coordinators with key
pairs, and a real server (gunicorn, or `qorgau runserver --noreload`). Every simulated requester
opens the form (CSRF cookie and token, form token), posts it as multipart with a PDF and a photo
carrying EXIF, and reads its receipt code. Then every request is checked: found by its receipt
(over HTTP on the return page, and in-process by unwrapping its data key), its description and
both files decrypted and compared with what was sent (a file cut short fails its FINAL tag), no
request stored twice. Last, the database file (after a WAL checkpoint), the files directory and
the server's log are searched as bytes for the markers every requester planted.

Prints the throughput (requests stored per second of wall time) and p50/p95/max of the POST.
Argon2id costs are the development defaults unless QORGAU_KDF_COST / QORGAU_RECEIPT_KDF_COST are
set in the environment.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "bench coordinator password 42"  # noqa: S105 - a throwaway benchmark database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def photo(marker: str) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x013B] = marker  # Artist
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 54.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 40, 40)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf(marker: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": marker, "/Title": "Summons"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "----qorgau" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    for name, filename, data in files:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One requester: its own connection and cookies, nothing shared with the others."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()


@dataclass
class Submission:
    marker: str
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256 of what was sent
    code: str = ""
    post_seconds: float = 0.0
    total_seconds: float = 0.0
    error: str = ""


def submit(port: int, index: int, start: threading.Barrier) -> Submission:
    marker = f"BENCHMARK{index:04d}x{secrets.token_hex(4)}"
    sub = Submission(marker=marker)
    browser = Browser(port)
    start.wait()
    began = time.perf_counter()
    try:
        status, _headers, page = browser.request("GET", "/en/help/")
        if status != 200:
            raise RuntimeError(f"form page answered {status}")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        token = re.search(r'name="form_token" value="([^"]+)"', page)
        if not csrf or not token:
            raise RuntimeError("no CSRF or form token on the form")
        documents = [
            ("files", f"summons-{index}.pdf", pdf(f"{marker}author")),
            ("files", f"photo-{index}.jpg", photo(f"{marker}artist")),
        ]
        sub.files = {name: hashlib.sha256(data).hexdigest() for _f, name, data in documents}
        body, content_type = multipart(
            {
                "csrfmiddlewaretoken": csrf.group(1),
                "form_token": token.group(1),
                "description": f"Вызов на допрос {marker}description",
                "name": f"{marker}name",
                "contact": f"{marker}contact",
                "forum": "criminal",
                "help_wanted": "advice",
                "region": "KZ-75",
            },
            documents,
        )
        posted = time.perf_counter()
        status, headers, text = browser.request("POST", "/en/help/", body, content_type)
        sub.post_seconds = time.perf_counter() - posted
        if status != 302 or not headers.get("location", "").endswith("/help/received/"):
            raise RuntimeError(f"submission answered {status}: {text[-300:]}")
        status, _headers, page = browser.request("GET", "/en/help/received/")
        code = re.search(r'id="receipt-code">([0-9A-Z-]+)<', page)
        if not code:
            raise RuntimeError("no receipt code shown")
        sub.code = code.group(1)
    except Exception as error:  # a failure is a result to report, not a crash
        sub.error = f"{type(error).__name__}: {error}"
    sub.total_seconds = time.perf_counter() - began
    return sub


def check_over_http(port: int, sub: Submission) -> str:
    browser = Browser(port)
    status, _h, page = browser.request("GET", "/en/help/status/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    body = f"csrfmiddlewaretoken={csrf.group(1) if csrf else ''}&code={sub.code}".encode()
    status, _h, _t = browser.request(
        "POST", "/en/help/status/", body, "application/x-www-form-urlencoded"
    )
    if status != 302:
        return f"return page answered {status}"
    status, _h, page = browser.request("GET", "/en/help/status/")
    if f"{sub.marker}description" not in page:
        return "the return page did not show the request"
    return ""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="qorgau-intake-bench-"))
    env = {
        **os.environ,
        "QORGAU_ENV": "development",
        "DEBUG": "0",
        "QORGAU_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
        "TASKS_BACKEND": "database",
        "HELPDESK_RECEIPT_CHECKS_PER_MINUTE": "1000000",
        "HELPDESK_SUBMISSIONS_PER_MINUTE": "0",
        "LOG_LEVEL": "INFO",
    }
    os.environ.update(env)
    subprocess.run([BIN / "qorgau", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "qorgau.settings"
    django.setup()
    from qorgau.accounts.keys import keypair_create
    from qorgau.accounts.models import Role, User, UserRole

    for name in ("aigerim", "daniyar", "saltanat"):
        user = User.objects.create_user(email=f"{name}@bench.test", password=PASSWORD)
        UserRole.objects.create(user=user, role=Role.COORDINATOR)
        keypair_create(user=user, password=PASSWORD)

    port = free_port()
    log_path = var / "server.log"
    if args.server == "gunicorn":
        command = [
            str(BIN / "gunicorn"),
            "qorgau.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "300",
            "--access-logfile",
            "-",
        ]
    else:
        command = [str(BIN / "qorgau"), "runserver", "--noreload", f"127.0.0.1:{port}"]
    log = log_path.open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own server command
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(200):
            try:
                if Browser(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start; see " + str(log_path))

        results: list[Submission] = []
        lock = threading.Lock()
        barrier = threading.Barrier(min(args.concurrency, args.requests))
        counter = iter(range(args.requests))

        def worker() -> None:
            for index in counter:
                sub = submit(port, index, barrier if index < barrier.parties else _NoBarrier())
                with lock:
                    results.append(sub)

        threads = [threading.Thread(target=worker) for _ in range(barrier.parties)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began

        ok = [r for r in results if not r.error]
        failed = [r for r in results if r.error]
        posts = [r.post_seconds for r in ok]
        print(
            f"server: {args.server} ({args.workers} workers x {args.threads} threads), "
            f"{os.cpu_count()} CPUs, SQLite WAL, Argon2id "
            f"{os.environ.get('QORGAU_KDF_COST', 'interactive')}"
        )
        print(
            f"submissions: {len(results)} sent, {len(ok)} stored, {len(failed)} failed, "
            f"concurrency {barrier.parties}"
        )
        for sub in failed[:5]:
            print("  failed:", sub.error[:200])
        if posts:
            print(f"throughput: {len(ok) / wall:.2f} requests/s ({wall:.1f} s wall)")
            print(
                f"POST latency: p50 {statistics.median(posts):.2f} s, "
                f"p95 {percentile(posts, 0.95):.2f} s, max {max(posts):.2f} s"
            )
            totals = [r.total_seconds for r in ok]
            print(f"whole flow (form, post, receipt): p95 {percentile(totals, 0.95):.2f} s")

        # --- Every request stored once, whole, and retrievable by its receipt.
        from qorgau.helpdesk.files import file_details, file_read
        from qorgau.helpdesk.intake import data_key_for_receipt, request_content
        from qorgau.helpdesk.models import HelpRequest

        problems: list[str] = []
        http_checks = []
        check_lock = threading.Lock()
        pending = iter(ok)

        def http_worker() -> None:
            for sub in pending:
                problem = check_over_http(port, sub)
                with check_lock:
                    http_checks.append(problem)

        checkers = [threading.Thread(target=http_worker) for _ in range(8)]
        for thread in checkers:
            thread.start()
        for thread in checkers:
            thread.join()
        problems += [p for p in http_checks if p]

        descriptions: set[str] = set()
        for sub in ok:
            help_request, key = data_key_for_receipt(sub.code)
            description = request_content(help_request=help_request, data_key=key).description
            if sub.marker not in description:
                problems.append(f"{sub.code}: another request's content")
            descriptions.add(description)
            stored = {}
            for attachment in help_request.files.select_related("file"):
                details = file_details(key, attachment.file)
                data = file_read(key, attachment.file)  # raises if cut short or altered
                file_read(key, attachment.file, cleaned=True)
                stored[details["name"]] = hashlib.sha256(data).hexdigest()
            if stored != sub.files:
                problems.append(f"{sub.code}: files differ from what was sent")
        rows = HelpRequest.objects.count()
        if rows != len(ok) or len(descriptions) != len(ok):
            problems.append(f"{rows} rows for {len(ok)} receipts: duplicates or strays")
        print(
            f"verification: {len(ok)} receipts opened over HTTP and in-process, "
            f"{rows} rows, {len(problems)} problems"
        )
        for problem in problems[:10]:
            print("  problem:", problem)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    # --- The markers must not be anywhere on disk or in the server's log.
    from django.db import connections

    connections.close_all()
    database = var / "bench.sqlite3"
    checkpoint = sqlite3.connect(database)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    needles = [re.escape(s.marker).encode() for s in results]
    pattern = re.compile(b"BENCHMARK[0-9]{4}x[0-9a-f]{8}")
    leaks = []
    for path in [database, log_path, *(p for p in (var / "files").rglob("*") if p.is_file())]:
        if pattern.search(path.read_bytes()) or pattern.search(
            path.read_bytes().replace(b"\x00", b"")
        ):
            leaks.append(str(path))
    stored_files = sum(1 for p in (var / "files").rglob("*") if p.is_file())
    print(
        f"leak search: {len(needles)} markers x (database {database.stat().st_size // 1024} KB, "
        f"{stored_files} encrypted files, server log): {len(leaks)} files with a marker"
    )
    for path in leaks[:5]:
        print("  LEAK in", path)
    if not args.keep:
        shutil.rmtree(var, ignore_errors=True)
    else:
        print("kept:", var)
    return 0 if not failed and not problems and not leaks else 1


class _NoBarrier:
    def wait(self) -> None:
        return None


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
