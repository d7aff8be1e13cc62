"""The figures some tests report at the end of the run: what the four
parsers read (tests/interop) and how many bad inputs were tried
(tests/hardening). Under pytest-xdist each worker hands its figures to the
controller, which adds them up and prints them (tests/conftest.py)."""

from __future__ import annotations

from collections import Counter

INTEROP: list[str] = []
"""One line per check, in the order the checks ran."""
HARDENING: Counter[str] = Counter()
"""What was tried, by kind."""


def export() -> dict[str, object]:
    """This process's figures, in the plain types xdist can send."""
    return {"interop": list(INTEROP), "hardening": dict(HARDENING)}


def merge(figures: dict[str, object]) -> None:
    """Add a worker's figures to this process's."""
    lines = figures.get("interop", [])
    counts = figures.get("hardening", {})
    assert isinstance(lines, list) and isinstance(counts, dict)
    INTEROP.extend(lines)
    HARDENING.update(counts)
