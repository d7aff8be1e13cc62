"""Shared fixtures: fixture feeds under tests/data/, the CLI, and the rule
that tools the tests need (chromium, node, java) may be missing locally
(the test skips with a message) but never in CI (the test fails)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import settings

from generator.cli import main
from tests import figures

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
    """Run ``python -m generator`` in a new interpreter, as a user would, with a fixed SOURCE_DATE_EPOCH.

    For what only a process of its own shows: the interpreter's exit status
    and usage line, the machine's TZ, locale and hash seed (read as a process
    starts), an address-space limit. Everything else runs through cli()."""
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


PROCESS_WIDE = ("TZ", "LC_ALL", "LC_CTYPE", "LANG", "PYTHONHASHSEED")
"""Environment variables a process reads as it starts: cli() refuses them (run_cli() is for those)."""


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line in this process, as run_cli() runs it in a new one:
    generator.cli.main(args) in cwd (default: the repository), with the same
    environment (SOURCE_DATE_EPOCH fixed, GITHUB_ACTIONS unset, then env),
    giving the same exit status, stdout and stderr (argparse's exit included).
    The working folder and the environment are restored afterwards. Python
    warnings are printed on the captured stderr as a fresh interpreter would
    print them, so that a test that expects a clean stderr still sees them.
    An exception main() lets out fails the test with its traceback (where a
    new interpreter would print it and exit 1). tests/system/test_cli.py
    checks that both give the same results."""
    assert not set(env or {}) & set(PROCESS_WIDE), f"{sorted(env or {})}: only a new process reads these; use run_cli"
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}),  # restored whole on leaving
        contextlib.chdir(cwd or ROOT),
        _interpreter_warnings(),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        os.environ.pop("GITHUB_ACTIONS", None)
        os.environ.update(env or {})
        try:
            status: object = main(list(args))
        except SystemExit as exit:  # argparse: wrong usage, --help
            status = exit.code
        if status is None:
            status = 0
        elif not isinstance(status, int):  # sys.exit("message"), as the interpreter shows it
            print(status, file=sys.stderr)
            status = 1
    return subprocess.CompletedProcess(
        ["python", "-m", "generator", *args], status, stdout.getvalue(), stderr.getvalue()
    )


@contextlib.contextmanager
def _interpreter_warnings() -> Iterator[None]:
    """The warning filters of a plain ``python`` (pytest's own are set aside), printed on sys.stderr."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    with warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.simplefilter("ignore", category)
        warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
        warnings.showwarning = show
        yield


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder with its bytes and modification time, to prove it untouched."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- the figures at the end of the run (tests/figures.py) --------------------


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller prints the figures
        workeroutput["figures"] = figures.export()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """pytest-xdist's controller: a worker finished; add up its figures."""
    figures.merge(getattr(node, "workeroutput", {}).get("figures", {}))


def pytest_terminal_summary(terminalreporter) -> None:
    if figures.INTEROP:
        terminalreporter.section("interoperability figures")
        for line in figures.INTEROP:
            terminalreporter.write_line(line)
    if figures.HARDENING:
        terminalreporter.section("hardening figures")
        for what, count in figures.HARDENING.items():
            terminalreporter.write_line(f"{what}: {count}")
