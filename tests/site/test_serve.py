"""generator.serve: public/ on localhost as GitHub Pages serves it."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from generator.serve import accepts_gzip, make_server
from tests.conftest import ROOT


def serve_in_thread(directory: Path, compress: bool = False) -> tuple:
    server = make_server(directory, 0, quiet=True, compress=compress)
    # Polled every 50 ms, not 0.5 s: shutdown() waits for the next poll, at each test's end.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="site-preview", daemon=True
    )
    thread.start()
    return server, thread


FILES = {
    "index.html": "<!DOCTYPE html><title>home</title>",
    "cup.html": "<!DOCTYPE html><title>cup</title>",
    "cup.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "cup.json": "{}",
    "style.css": "body{}",
    "script.js": "",
    "icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "sub/index.html": "<!DOCTYPE html><title>sub</title>",
}


def serve_files(folder: Path, compress: bool):
    (folder / "sub").mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text)
    (folder / "photo.png").write_bytes(b"\x89PNG")
    server, _ = serve_in_thread(folder, compress=compress)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=[False, True], ids=["plain", "gzip"])
def served(tmp_path: Path, request):
    """The same site served plain and with ``--gzip`` (to a client that does not ask for gzip)."""
    yield from serve_files(tmp_path, compress=request.param)


@pytest.fixture
def served_gzip(tmp_path: Path):
    yield from serve_files(tmp_path, compress=True)


@pytest.fixture
def served_plain(tmp_path: Path):
    yield from serve_files(tmp_path, compress=False)


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], b""


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("cup.ics", "text/calendar; charset=utf-8"),
        ("cup.json", "application/json"),
        ("cup.html", "text/html; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("script.js", "text/javascript; charset=utf-8"),
        ("icon.svg", "image/svg+xml"),
    ],
)
def test_content_types_as_github_pages_sends_them(served, path, content_type):
    status, sent, _ = get(served + path)
    assert (status, sent) == (200, content_type)


def test_folders_serve_index_html_and_names_serve_their_html(served):
    assert get(served)[2] == b"<!DOCTYPE html><title>home</title>"
    assert get(served + "sub/")[2] == b"<!DOCTYPE html><title>sub</title>"
    assert get(served + "cup")[2] == b"<!DOCTYPE html><title>cup</title>"
    assert get(served + "missing.ics")[0] == 404
    assert get(served + "../" + Path(ROOT).name + "/setup.cfg")[0] == 404


def get_gzip(url: str, accept: str = "gzip, deflate, br") -> tuple[int, dict[str, str], bytes]:
    with urlopen(Request(url, headers={"Accept-Encoding": accept}), timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_gzip_mode_compresses_text_files_for_clients_that_accept_it(served_gzip):
    served = served_gzip
    status, headers, body = get_gzip(served + "cup.html")
    assert (status, headers["Content-Type"], headers["Content-Encoding"], headers["Vary"]) == (
        200,
        "text/html; charset=utf-8",
        "gzip",
        "Accept-Encoding",
    )
    assert int(headers["Content-Length"]) == len(body) and gzip.decompress(body) == b"<!DOCTYPE html><title>cup</title>"
    for path, text in (
        ("", b"<!DOCTYPE html><title>home</title>"),
        ("sub/", b"<!DOCTYPE html><title>sub</title>"),
        ("cup", b"<!DOCTYPE html><title>cup</title>"),
        ("cup.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
    ):
        status, headers, body = get_gzip(served + path)
        assert (status, headers.get("Content-Encoding"), gzip.decompress(body)) == (200, "gzip", text), path
    status, headers, body = get_gzip(served + "photo.png")
    assert (status, headers.get("Content-Encoding"), body) == (200, None, b"\x89PNG"), "images are not text"
    status, headers, body = get_gzip(served + "cup.html", accept="gzip;q=0, identity")
    assert (status, headers.get("Content-Encoding"), body) == (200, None, b"<!DOCTYPE html><title>cup</title>")


def test_without_gzip_mode_files_go_as_they_are(served_plain):
    status, headers, body = get_gzip(served_plain + "cup.html")
    assert (status, headers.get("Content-Encoding"), body) == (200, None, b"<!DOCTYPE html><title>cup</title>")


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("GZIP;q=0.5", True),
        ("*", True),
        ("x-gzip", True),
        ("", False),
        ("br", False),
        ("identity", False),
        ("gzip;q=0", False),
        ("gzip;q=0.0, br", False),
        ("gzip;q=x", False),
    ],
)
def test_accepts_gzip_reads_the_accept_encoding_header(header, accepted):
    assert accepts_gzip(header) is accepted


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_command_line_serves_until_stopped(tmp_path: Path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>home</title>")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.serve", "--directory", str(tmp_path), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline() == f"serving {tmp_path}/ at http://127.0.0.1:{port}/ (Ctrl+C stops)\n"
        for _ in range(50):
            try:
                assert get(f"http://127.0.0.1:{port}/")[0] == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_command_line_says_to_build_first(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "generator.serve", "--directory", str(tmp_path / "public")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {tmp_path}/public/index.html not found; run `make feeds` first\n",
    )
