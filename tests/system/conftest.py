"""System-test helpers: a fixture feeds folder built once into tmp_path, and
one change at a time made to it, visibly, in the test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import DATA, cli, snapshot


@dataclass
class Site:
    feeds: Path
    out: Path
    before: dict[str, tuple[bytes, int]]
    """The published folder as built from the valid feeds: must survive every refused build."""

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in a feeds file."""
        path = self.feeds / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, relative: str, data: bytes) -> None:
        path = self.feeds / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def refused(self, command: str = "build") -> list[str]:
        """Run the CLI, expect exit 1 and the old site byte-for-byte; give stderr's lines."""
        args = (
            ["build", "--feeds", str(self.feeds), "--out", str(self.out)]
            if command == "build"
            else ["check", "--feeds", str(self.feeds)]
        )
        result = cli(*args, cwd=self.feeds.parent)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout == ""
        assert snapshot(self.out) == self.before
        return result.stderr.splitlines()


@pytest.fixture(scope="session")
def _built_once(tmp_path_factory):
    """Each fixture built once per test run (and per xdist worker)."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            root = tmp_path_factory.mktemp(f"built-{name}")
            result = cli("build", "--feeds", str(DATA / name), "--out", str(root / "public"), cwd=root)
            assert result.returncode == 0, result.stderr
            built[name] = root / "public"
        return built[name]

    return get


@pytest.fixture
def published(fixture_feeds, tmp_path, _built_once):
    """A valid fixture's feeds in tmp_path/feeds, its build in tmp_path/public."""

    def build(name: str) -> Site:
        feeds = fixture_feeds(name)
        out = tmp_path / "public"
        shutil.copytree(_built_once(name), out)  # copy2 keeps the modification times
        return Site(feeds, out, snapshot(out))

    return build
