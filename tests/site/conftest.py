"""Fixtures for the site tests: fixture feeds built by the CLI, served by
generator.serve on a free localhost port, and read by Debian's chromium
through Playwright, with every request that would leave the local server
aborted and recorded."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.serve import make_server
from tests.conftest import DATA, ROOT, cli, require

CHROMIUM = os.environ.get("CHROMIUM") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium") or "/usr/bin/chromium"
)
"""Debian's chromium (Playwright's own browser download is not used); .ci/run installs it where `chromium` is missing."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
ALMS = "asian-le-mans-series"
"""Keys of rows (ids) are series.event.session."""


@dataclass
class ServedSite:
    root: Path
    url: str
    """http://127.0.0.1:<port>/, also the base URL the site was built with (when it was)."""
    port: int

    def pages(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("*.html"))


def build_and_serve(
    fixture: str, out: Path, with_base_url: bool = True, env: dict[str, str] | None = None
) -> Iterator[ServedSite]:
    """Bind a free port first, so that the site can be built with its own address as base URL."""
    server = make_server(out, 0, quiet=True)
    port = server.server_address[1]
    url = f"http://127.0.0.1:{port}/"
    args = ["build", "--feeds", str(DATA / fixture), "--out", str(out)]
    result = cli(*args, *(["--base-url", url] if with_base_url else []), env=env)
    assert result.returncode == 0, result.stderr
    # Polled every 50 ms, not 0.5 s: shutdown() waits for the next poll.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield ServedSite(out, url, port)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def alms_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    yield from build_and_serve("site-alms", tmp_path_factory.mktemp("alms") / "public")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    yield from build_and_serve("site-hostile", tmp_path_factory.mktemp("hostile") / "public")


@pytest.fixture(scope="session")
def browser():
    require(os.access(CHROMIUM, os.X_OK), f"Debian chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright's Python package (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watched:
    """A browser page that records console errors, dialogs and requests leaving the local server."""

    page: object
    site: ServedSite
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    javascript: bool = True

    def open(self, path: str) -> None:
        response = self.page.goto(self.site.url + path)  # type: ignore[attr-defined]
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        if self.javascript:
            # The script fills a long schedule's times in slices; it says when it is done.
            self.page.wait_for_selector("html[data-times=done]", state="attached", timeout=10_000)  # type: ignore[attr-defined]

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors"
        assert self.dialogs == [], "dialogs opened"
        assert self.external == [], "requests that would have left the local server"


@pytest.fixture
def visit(browser, request):
    """``visit(site, timezone_id=..., clock=..., **context options)`` -> a :class:`Watched` page."""
    contexts = []

    def open_context(
        site: ServedSite, timezone_id: str = "Europe/Vienna", clock: str | None = None, **options: object
    ) -> Watched:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-GB")
        context = browser.new_context(timezone_id=timezone_id, service_workers="block", **options)
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page, site, javascript=bool(options.get("java_script_enabled", True)))

        def guard(route) -> None:
            url = urlsplit(route.request.url)
            if url.scheme == "http" and url.hostname == "127.0.0.1" and url.port == site.port:
                route.continue_()
            else:
                watched.external.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page.on("console", lambda message: watched.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
        if clock is not None:
            page.clock.set_fixed_time(clock)
        return watched

    yield open_context
    for context in contexts:
        context.close()
