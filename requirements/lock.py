"""`make lock`: resolve setup.cfg's dependencies into the lock files beside
this script, every package pinned with the hashes of its files, and record
which dependency lists they were resolved from.

One lock per extra: runtime.txt (install_requires), test.txt and dev.txt
(install_requires and that extra). The extras are constrained to the runtime
pins, so a test or lint environment runs the very versions a build runs.
uv keeps the existing pins unless told otherwise: `make lock` after an edit
of setup.cfg moves only what the edit needs; `make lock LOCK_ARGS=--upgrade`
moves everything to its newest allowed release.

inputs.sha256 holds a hash of the dependency lists (not of comments or of
the rest of setup.cfg); tests/publishing/test_lock.py fails while it differs
from setup.cfg's, so the locks cannot fall behind an edit unnoticed.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SETUP_CFG = ROOT / "setup.cfg"
INPUTS_HASH = HERE / "inputs.sha256"
PYTHON_VERSION = "3.11"  # the oldest Python setup.cfg allows, and CI's
LOCKS = {"runtime": None, "test": "test", "dev": "dev"}  # lock name -> extra


def requirement_lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def dependency_lists(setup_cfg: str) -> dict[str, list[str]]:
    """install_requires and every extra, as the requirement lines they hold."""
    config = configparser.ConfigParser(interpolation=None)
    config.read_string(setup_cfg)
    lists = {"install_requires": requirement_lines(config.get("options", "install_requires", fallback=""))}
    if config.has_section("options.extras_require"):
        for extra, value in config.items("options.extras_require"):
            lists[f"extra:{extra}"] = requirement_lines(value)
    return lists


def inputs_hash(setup_cfg: str) -> str:
    encoded = json.dumps(dependency_lists(setup_cfg), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def compile_lock(name: str, extra: str | None, uv_args: list[str]) -> None:
    command = [
        sys.executable,
        "-m",
        "uv",
        "pip",
        "compile",
        "setup.cfg",
        "--generate-hashes",
        "--universal",
        "--python-version",
        PYTHON_VERSION,
        "--custom-compile-command",
        "make lock",
        "--output-file",
        f"requirements/{name}.txt",
        "--quiet",
    ]
    if extra is not None:
        command += ["--extra", extra, "--constraint", "requirements/runtime.txt"]
    subprocess.run(command + uv_args, cwd=ROOT, check=True)


def main(uv_args: list[str]) -> None:
    for name, extra in LOCKS.items():
        compile_lock(name, extra, uv_args)
    INPUTS_HASH.write_text(
        f"{inputs_hash(SETUP_CFG.read_text(encoding='utf-8'))}  setup.cfg dependency lists\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
