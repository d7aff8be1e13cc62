"""Builds shared by the interoperability tests: the real feeds/ and the
edge-case fixture, each built once by the CLI, with the model validated from
the same YAML; and the figures the tests report at the end of the run (tests/figures.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.load import load
from generator.model import Feed, Model
from generator.validate import validate
from tests import figures
from tests.conftest import DATA, ROOT, cli

BUILDS = {"feeds": ROOT / "feeds", "edge-cases": DATA / "edge-cases"}
FIGURES = figures.INTEROP
"""One line per check, printed in the summary of the run (and with -s as it goes)."""


@dataclass(frozen=True)
class Built:
    name: str
    out: Path
    model: Model

    def feeds(self) -> list[tuple[Feed, Path]]:
        """Every feed of the model with its published .ics file."""
        return [(feed, self.out / f"{feed.slug}.ics") for feed in self.model.feeds]

    @property
    def sessions(self) -> int:
        return sum(len(event.sessions) for series in self.model.series for event in series.events)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    cache: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in cache:
            out = tmp_path_factory.mktemp(f"built-{name}") / "public"
            result = cli("build", "--feeds", str(BUILDS[name]), "--out", str(out))
            assert result.returncode == 0, result.stderr
            cache[name] = Built(name, out, validate(load(BUILDS[name])))
        return cache[name]

    return get


def report(line: str) -> None:
    print(line)
    FIGURES.append(line)
