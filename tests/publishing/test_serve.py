"""`make serve` serves a built site as GitHub Pages does: the right
Content-Type for every file, and index.html for a folder. The test runs the
make target itself in a real HTTP server on a free localhost port, so it
checks whatever that target runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import DATA, ROOT, cli

TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    site = tmp_path_factory.mktemp("serve") / "site"
    done = cli("build", "--feeds", str(DATA / "diff-new"), "--out", str(site))
    assert done.returncode == 0, done.stderr
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"OUT={site}", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"make serve did not start listening on port {port}: {output}")
                time.sleep(0.1)
        yield site, base
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the process group this test started: make and its server
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def test_every_file_is_served_with_its_type(served) -> None:
    site, base = served
    files = sorted(path for path in site.rglob("*") if path.is_file())
    assert {path.suffix for path in files} >= {".ics", ".json", ".html"}
    for path in files:
        name = path.relative_to(site).as_posix()
        status, content_type, body = fetch(base + name)
        assert (status, body) == (200, path.read_bytes()), name
        expected = TYPES.get(path.suffix)
        if path.suffix == ".ics":
            assert content_type == expected, name
        elif expected:
            assert content_type.split(";")[0].strip() == expected, (name, content_type)


def test_a_folder_serves_its_index_html(served) -> None:
    site, base = served
    status, content_type, body = fetch(base)
    assert (status, body) == (200, (site / "index.html").read_bytes())
    assert content_type.split(";")[0] == "text/html"


def test_a_missing_file_is_404(served) -> None:
    _, base = served
    assert fetch(base + "no-such-feed.ics")[0] == 404
