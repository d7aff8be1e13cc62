"""The quick loop and CI's run: make test-fast leaves out what setup.cfg says
it leaves out, make test lints first, and Hypothesis is repeatable in CI."""

from __future__ import annotations

import configparser
import os
import re
import subprocess

from hypothesis import settings

from tests.conftest import ROOT


def markers() -> dict[str, str]:
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = [line for line in config.get("tool:pytest", "markers").splitlines() if line.strip()]
    return dict(line.split(":", 1) for line in lines)


def test_fast_leaves_out_exactly_the_markers_that_say_so() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test-fast:.*\n\t(.*)$", makefile, flags=re.MULTILINE)
    assert recipe is not None
    expression = re.search(r'-m "([^"]*)"', recipe.group(1))
    assert expression is not None
    left_out = set(re.findall(r"not (\w+)", expression.group(1)))
    said = {name.strip() for name, description in markers().items() if "not in make test-fast" in description}
    assert left_out == said == {"browser", "killed_build", "heavy", "slow"}


def test_the_ci_profile_is_derandomised_and_no_profile_writes_an_example_database() -> None:
    assert settings.get_profile("ci").derandomize is True
    assert settings.get_profile("dev").derandomize is False
    assert settings.get_profile("ci").database is None
    assert settings.get_profile("dev").database is None


def test_make_test_lints_and_type_checks_before_the_tests() -> None:
    """CI runs `make test`: the lint is in it, and a finding stops the run before pytest starts."""
    alone = {
        key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }  # not the outer make's flags
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", "test"], cwd=ROOT, env=alone, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    commands = [line.strip() for line in done.stdout.splitlines()]
    lint = [".venv/bin/ruff check", ".venv/bin/ruff format --check", ".venv/bin/mypy --strict generator"]
    assert all(command in commands for command in lint), commands
    pytest = [index for index, command in enumerate(commands) if command.startswith(".venv/bin/python -m pytest")]
    assert len(pytest) == 1, commands
    assert max(commands.index(command) for command in lint) < pytest[0]


def test_make_test_and_test_fast_run_on_every_core() -> None:
    """Both run the tests in pytest-xdist workers, one per core unless PYTEST_WORKERS says otherwise."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PYTEST_WORKERS \?= auto$", makefile, flags=re.MULTILINE)
    for target in ("test", "test-fast"):
        recipe = re.search(rf"^{target}:.*\n\t(.*)$", makefile, flags=re.MULTILINE)
        assert recipe is not None, target
        assert recipe.group(1).startswith("$(BIN)/python -m pytest -n $(PYTEST_WORKERS)"), recipe.group(1)
