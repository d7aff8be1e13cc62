"""Shared fixtures: fixture feeds under tests/data/, the CLI, and the rule
that tools the tests need (chromium, node, java) may be missing locally
(the test skips with a message) but never in CI (the test fails)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC: fixed, so outputs are byte-stable


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Hypothesis: in CI the examples are derived from each test (derandomize),
# so a run is repeatable and a failure reproduces on any machine; locally
# they are random, to find new cases. Neither writes an example database:
# the tests leave no files behind. HYPOTHESIS_PROFILE=ci locally replays CI.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", derandomize=False, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))


def require(condition: bool, what: str) -> None:
    """Skip locally when a tool is missing; fail in CI, where .ci/run installs it."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{what} is missing in CI; .ci/run must install it")
    pytest.skip(f"{what} is not installed here (CI installs it via .ci/run)")


def require_command(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"the command {name!r}")
    return path  # type: ignore[return-value]


@pytest.fixture
def fixture_feeds(tmp_path: Path):
    """Copy a fixture feeds folder (tests/data/<name>) into tmp_path/feeds and return it."""

    def copy(name: str) -> Path:
        target = tmp_path / "feeds"
        shutil.copytree(DATA / name, target)
        return target

    return copy


WARNING_LINE = re.compile(r"\S+: warning: .+|\d+ warnings?; the build is not affected")


def only_warnings(stderr: str | list[str]) -> bool:
    """What a valid build may print on stderr: warnings (generator/warnings_check.py) and their count, nothing else."""
    lines = stderr.splitlines() if isinstance(stderr, str) else stderr
    return all(WARNING_LINE.fullmatch(line) for line in lines)


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` as a user would, with a fixed SOURCE_DATE_EPOCH."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONPATH": str(ROOT)}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder with its bytes and modification time, to prove it untouched."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
