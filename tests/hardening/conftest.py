"""Hardening helpers: the edge-case fixture published once, then broken one
way at a time; every refused build must exit 1 with its exact message and
leave the published site byte for byte as it was. The figures (how many bad
inputs were tried, how many builds were killed) are printed at the end."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import main
from tests import figures
from tests.conftest import DATA, ROOT, SOURCE_DATE_EPOCH, cli, snapshot

FIGURES = figures.HARDENING
"""What was tried, by kind: printed in the summary of the run (tests/figures.py)."""


@dataclass
class Site:
    feeds: Path
    out: Path
    before: dict[str, tuple[bytes, int]] = field(default_factory=dict)

    def path(self, relative: str) -> Path:
        return self.feeds / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in a feeds file."""
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, relative: str, data: bytes) -> None:
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def leftovers(self) -> list[str]:
        """Anything publishing left beside the output folder (its lock file and its record of what it wrote are expected)."""
        return sorted(
            p.name
            for p in self.out.parent.iterdir()
            if p.name.startswith(f".{self.out.name}.") and not p.name.endswith((".lock", ".published"))
        )

    def refused(self, capsys: pytest.CaptureFixture[str]) -> list[str]:
        """Build in-process through the CLI's main(): expect exit 1, nothing on
        stdout, the old site unchanged; give the lines of stderr."""
        FIGURES["hand-written bad inputs refused"] += 1
        capsys.readouterr()
        status = main(["build", "--feeds", str(self.feeds), "--out", str(self.out)])
        printed = capsys.readouterr()
        assert status == 1, printed.out + printed.err
        assert printed.out == ""
        assert snapshot(self.out) == self.before
        assert self.leftovers() == []
        return printed.err.splitlines()

    def refused_by_subprocess(self, memory: int = 1 << 30, cpu_seconds: int = 60) -> list[str]:
        """The same through ``python -m generator``, as a maintainer runs it, with its address
        space and its CPU time capped by the kernel (a runaway expansion or recursion is killed,
        however busy the machine is: a bound on work, not on the clock); give stderr's lines."""
        FIGURES["hand-written bad inputs refused"] += 1

        def cap() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            # SIGXCPU at the soft limit; the hard one (SIGKILL) only if that were caught.
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))

        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONPATH": str(ROOT)}
        env.pop("GITHUB_ACTIONS", None)
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build", "--feeds", str(self.feeds), "--out", str(self.out)],
            cwd=self.feeds.parent,
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=cap,
        )
        assert result.returncode not in (-signal.SIGXCPU, -signal.SIGKILL), f"killed after {cpu_seconds} s of CPU time"
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout == ""
        assert snapshot(self.out) == self.before
        return result.stderr.splitlines()


@pytest.fixture(scope="session")
def _published_edge_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hardening-published")
    result = cli("build", "--feeds", str(DATA / "edge-cases"), "--out", str(root / "public"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "public"


@pytest.fixture
def site(tmp_path: Path, _published_edge_cases: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    """tests/data/edge-cases in tmp_path/feeds, its site already published in tmp_path/public."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    feeds = tmp_path / "feeds"
    shutil.copytree(DATA / "edge-cases", feeds)
    out = tmp_path / "public"
    shutil.copytree(_published_edge_cases, out)  # copy2 keeps the modification times
    return Site(feeds, out, snapshot(out))


@pytest.fixture(scope="module")
def monkeypatch_env():
    """SOURCE_DATE_EPOCH set and GITHUB_ACTIONS unset for a module (Hypothesis
    tests cannot use the function-scoped monkeypatch)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    patch.delenv("GITHUB_ACTIONS", raising=False)
    yield
    patch.undo()
