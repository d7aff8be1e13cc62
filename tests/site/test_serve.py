"""generator.serve: public/ on localhost as GitHub Pages serves it."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from generator.serve import make_server
from tests.conftest import ROOT


def serve_in_thread(directory: Path) -> tuple:
    server = make_server(directory, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, name="site-preview", daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def served(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    files = {
        "index.html": "<!DOCTYPE html><title>home</title>",
        "cup.html": "<!DOCTYPE html><title>cup</title>",
        "cup.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "cup.json": "{}",
        "style.css": "body{}",
        "script.js": "",
        "icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "sub/index.html": "<!DOCTYPE html><title>sub</title>",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    server, _ = serve_in_thread(tmp_path)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


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
