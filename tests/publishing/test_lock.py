"""The lock files in requirements/ follow setup.cfg: an edit of a dependency
list without `make lock` fails here, naming the command to run."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import ROOT

REQUIREMENTS = ROOT / "requirements"
SPEC = importlib.util.spec_from_file_location("lock", REQUIREMENTS / "lock.py")
assert SPEC is not None and SPEC.loader is not None
lock = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(lock)

SETUP_CFG = """\
[options]
install_requires =
    # a comment
    icalendar>=7.3,<7.4
    pyyaml>=6.0

[options.extras_require]
test =
    pytest>=8
"""


def stale_message() -> str | None:
    recorded = (REQUIREMENTS / "inputs.sha256").read_text(encoding="utf-8").split()[0]
    if recorded == lock.inputs_hash((ROOT / "setup.cfg").read_text(encoding="utf-8")):
        return None
    return "setup.cfg's dependencies changed since requirements/*.txt were resolved; run `make lock` and commit requirements/"


def test_locks_were_resolved_from_the_dependencies_in_setup_cfg() -> None:
    assert stale_message() is None, stale_message()


def test_there_is_one_lock_per_extra_and_one_for_the_runtime() -> None:
    extras = [
        name.removeprefix("extra:")
        for name in lock.dependency_lists((ROOT / "setup.cfg").read_text(encoding="utf-8"))
        if name.startswith("extra:")
    ]
    assert sorted(lock.LOCKS) == sorted(["runtime", *extras])
    assert all((REQUIREMENTS / f"{name}.txt").is_file() for name in lock.LOCKS)


def test_every_locked_package_is_pinned_with_hashes() -> None:
    for name in lock.LOCKS:
        text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
        requirements = re.findall(r"^([A-Za-z0-9][^ \n]*)", text, flags=re.MULTILINE)
        assert requirements, name
        for requirement in requirements:
            assert re.fullmatch(r"[a-z0-9._-]+==[\w.+]+", requirement), (name, requirement)
        assert text.count("--hash=sha256:") >= len(requirements), name


def test_the_test_and_dev_locks_run_the_runtime_versions() -> None:
    def pins(name: str) -> dict[str, str]:
        text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
        return dict(re.findall(r"^([a-z0-9._-]+)==([\w.+]+)", text, flags=re.MULTILINE))

    runtime = pins("runtime")
    for name in ("test", "dev"):
        shared = runtime.keys() & pins(name).keys()
        assert {package: pins(name)[package] for package in shared} == {package: runtime[package] for package in shared}


def test_an_edited_dependency_changes_the_hash() -> None:
    edited = SETUP_CFG.replace("pytest>=8", "pytest>=9")
    assert lock.inputs_hash(edited) != lock.inputs_hash(SETUP_CFG)
    assert lock.inputs_hash(SETUP_CFG.replace("    pyyaml>=6.0\n", "")) != lock.inputs_hash(SETUP_CFG)


def test_comments_and_other_settings_do_not_change_the_hash() -> None:
    assert lock.inputs_hash(SETUP_CFG.replace("# a comment", "# another comment")) == lock.inputs_hash(SETUP_CFG)
    assert lock.inputs_hash("[metadata]\nname = x\n" + SETUP_CFG) == lock.inputs_hash(SETUP_CFG)


def test_a_stale_lock_names_the_command_to_run(monkeypatch) -> None:
    monkeypatch.setattr(lock, "inputs_hash", lambda text: "0" * 64)
    assert (
        stale_message()
        == "setup.cfg's dependencies changed since requirements/*.txt were resolved; run `make lock` and commit requirements/"
    )
