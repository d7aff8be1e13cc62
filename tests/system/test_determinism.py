"""Same inputs, same bytes: across repeated builds, the machine's TZ, the
hash seed, and with no SOURCE_DATE_EPOCH (the timestamp then comes from the
data, never from the clock)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, cli, run_cli

FIXTURE = DATA / "golden-basic"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(out: Path, **env: str) -> dict[str, bytes]:
    """In process; with env (TZ, the hash seed, the locale), in a new process,
    since an interpreter reads those as it starts."""
    args = ("build", "--feeds", str(FIXTURE), "--out", str(out), "--base-url", "https://calendars.example.org/")
    result = run_cli(*args, env=env) if env else cli(*args)
    assert result.returncode == 0, result.stderr
    return files(out)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, bytes]:
    built = build(tmp_path_factory.mktemp("baseline") / "public")
    assert any(name.endswith(".ics") for name in built)
    return built


def test_two_builds_are_byte_identical(baseline, tmp_path):
    assert build(tmp_path / "public") == baseline


@pytest.mark.parametrize(
    "env",
    [
        {"TZ": "America/New_York"},
        {"TZ": "Asia/Tokyo"},
        {"PYTHONHASHSEED": "1"},
        {"PYTHONHASHSEED": "2"},
        {"LC_ALL": "C", "LANG": "C"},
    ],
    ids=lambda env: ",".join(f"{k}={v}" for k, v in env.items()),
)
def test_build_does_not_depend_on_the_machine(baseline, tmp_path, env):
    assert build(tmp_path / "public", **env) == baseline


def build_without_source_date_epoch(out: Path) -> dict[str, bytes]:
    # A subprocess: a process of its own with no SOURCE_DATE_EPOCH at all and a
    # TZ far from UTC, so that the clock or the machine's zone would show.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Pacific/Kiritimati"}
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--feeds", str(FIXTURE), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return files(out)


def test_without_source_date_epoch_the_timestamp_comes_from_the_data(tmp_path):
    first = build_without_source_date_epoch(tmp_path / "one")
    assert build_without_source_date_epoch(tmp_path / "two") == first
    feed = first["golden-endurance.ics"]
    # The latest session day of the fixture (17 Nov 2024), at midnight UTC.
    assert b"\r\nDTSTAMP:20241117T000000Z\r\n" in feed
    assert b"\r\nLAST-MODIFIED:20241117T000000Z\r\n" in feed
    today = dt.datetime.now(dt.UTC).strftime("%Y%m%d").encode()
    assert today == b"20241117" or today not in b"".join(first.values())
