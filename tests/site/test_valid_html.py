"""Every generated page passes the Nu HTML Checker (vnu-jar from npm, on the JDK),
and the same inputs give the same pages on any machine, time zone and locale."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, cli, require, require_command, run_cli

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITES = (
    ("site-alms", "https://calendars.example.org/feeds/"),
    ("site-alms", None),
    ("site-hostile", "https://calendars.example.org/"),
)


def build(tmp_path: Path, fixture: str, base_url: str | None, env: dict[str, str] | None = None) -> Path:
    out = tmp_path / f"{fixture}-{'base' if base_url else 'nobase'}-{len(list(tmp_path.iterdir()))}"
    args = ("build", "--feeds", str(DATA / fixture), "--out", str(out), *(["--base-url", base_url] if base_url else []))
    # With env (TZ, the locale): a new process, which reads them as it starts.
    result = run_cli(*args, env=env) if env else cli(*args)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.node
def test_every_page_passes_the_nu_html_checker(tmp_path: Path):
    java = require_command("java")
    require(VNU.is_file(), f"the Nu HTML Checker ({VNU.relative_to(ROOT)}; run npm ci)")
    files: list[Path] = []
    for fixture, base_url in SITES:
        out = build(tmp_path, fixture, base_url)
        files += sorted(out.rglob("*.html"))  # de/ too: every page in every language
    files += [out / "style.css", out / "icon.svg"]
    assert len(files) > 10 and any(path.parent.name == "de" for path in files)
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--also-check-css",
            "--also-check-svg",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert messages == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages)
    assert result.returncode == 0


def test_same_pages_in_any_time_zone_and_locale(tmp_path: Path):
    first = build(
        tmp_path, "site-alms", "https://calendars.example.org/", env={"TZ": "America/New_York", "LC_ALL": "C"}
    )
    second = build(
        tmp_path, "site-alms", "https://calendars.example.org/", env={"TZ": "Asia/Tokyo", "LC_ALL": "C.UTF-8"}
    )
    pages = sorted(path.name for path in first.iterdir() if path.suffix in (".html", ".css", ".js", ".svg"))
    assert len(pages) == 7
    for name in pages:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
