"""Rewrite tests/golden/<name>/ from each tests/data/golden-<...>/ fixture.

Run as ``python -m tests.regenerate_golden`` (``make golden`` does). The
golden test builds the same fixtures the same way and compares every file;
after changing the generator's output, run this and review the diff of
tests/golden/ before committing it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tests.conftest import DATA, ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"
BASE_URL = "https://calendars.example.org/"


def fixtures() -> list[str]:
    return sorted(path.name for path in DATA.glob("golden-*") if path.is_dir())


def build_fixture(name: str, out: Path) -> None:
    """Build tests/data/<name> as the golden copy is built: through the CLI,
    with the fixed SOURCE_DATE_EPOCH of tests.conftest and a fixed base URL."""
    result = run_cli("build", "--feeds", str(DATA / name), "--out", str(out), "--base-url", BASE_URL, cwd=out.parent)
    if result.returncode != 0:
        raise SystemExit(f"building tests/data/{name} failed:\n{result.stderr}")


def main() -> int:
    names = fixtures()
    for stale in sorted({p.name for p in GOLDEN.glob("*") if p.is_dir()} - set(names)):
        shutil.rmtree(GOLDEN / stale)
        print(f"removed tests/golden/{stale}/ (no tests/data/{stale}/)")
    for name in names:
        with tempfile.TemporaryDirectory() as temporary:
            out = Path(temporary) / "public"
            build_fixture(name, out)
            target = GOLDEN / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(out, target)
        count = sum(1 for p in target.rglob("*") if p.is_file())
        print(f"rewrote tests/golden/{name}/ ({count} files); review: git diff --stat tests/golden/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
