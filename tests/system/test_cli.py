"""The command line as a user runs it: exit status 0 ok, 1 input problems,
2 wrong usage; `check` writes nothing; `build` prints one summary line.

The usage error and --help run ``python -m generator`` in a new interpreter,
on purpose: they prove the module runs as a user starts it and that the
exit status is the process's own. The rest runs the same main() in process
(tests.conftest.cli), which gives the same status, stdout and stderr."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, cli, run_cli


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_no_command_is_a_usage_error(tmp_path):
    result = run_cli(cwd=tmp_path)  # a subprocess: `python -m generator` itself, and its exit status
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr
        == "usage: python -m generator [-h] COMMAND ...\npython -m generator: error: the following arguments are required: COMMAND\n"
    )


def test_unknown_command_and_unknown_option_are_usage_errors(tmp_path):
    assert cli("publish", cwd=tmp_path).returncode == 2
    assert cli("build", "--colour", "red", cwd=tmp_path).returncode == 2
    assert tree(tmp_path) == []


def test_base_url_that_is_not_a_web_url_is_a_usage_error(tmp_path):
    result = cli(
        "build",
        "--feeds",
        str(DATA / "minimal"),
        "--out",
        str(tmp_path / "public"),
        "--base-url",
        "javascript:alert(1)",
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: --base-url: expected an https:// or http:// URL, got 'javascript:alert(1)'\n"
    assert tree(tmp_path) == []


def test_help_exits_0(tmp_path):
    result = run_cli("--help", cwd=tmp_path)  # a subprocess: the real interpreter's exit status 0
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m generator")


def test_check_validates_and_writes_nothing(fixture_feeds, tmp_path):
    feeds = fixture_feeds("minimal")
    before = tree(tmp_path)
    result = cli("check", "--feeds", str(feeds), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "ok: 4 feeds, 2 events, 4 sessions; nothing written\n"
    assert tree(tmp_path) == before


def test_check_defaults_to_feeds_in_the_current_folder(fixture_feeds, tmp_path):
    fixture_feeds("minimal")
    result = cli("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "ok: 4 feeds, 2 events, 4 sessions; nothing written\n")


def test_build_prints_one_summary_line(fixture_feeds, tmp_path):
    feeds = fixture_feeds("minimal")
    result = cli("build", "--feeds", str(feeds), "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    match = re.fullmatch(r"built 4 feeds: 2 events, 4 sessions, (\d+) files -> (.+)/ in \d+\.\d\d s\n", result.stdout)
    assert match, result.stdout
    assert match.group(2) == str(tmp_path / "site")
    written = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert int(match.group(1)) == len(written)
    assert {"test-series.ics", "test-series-races.ics", "all.ics", "all-races.ics", "index.html", ".nojekyll"} <= {
        p.name for p in written
    }


def test_build_defaults_to_feeds_and_public_in_the_current_folder(fixture_feeds, tmp_path):
    fixture_feeds("minimal")
    result = cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 4 feeds: 2 events, 4 sessions, ") and " -> public/ in " in result.stdout
    assert (tmp_path / "public" / "test-series.ics").is_file()


def test_missing_feeds_folder_is_an_input_problem(tmp_path):
    result = cli("check", "--feeds", str(tmp_path / "nowhere"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nowhere'}: feeds folder not found; pass --feeds DIR",
        "1 problem found; nothing was written",
    ]


def test_missing_site_and_venues_files_are_named(tmp_path):
    (tmp_path / "feeds" / "series").mkdir(parents=True)
    result = cli("check", "--feeds", str(tmp_path / "feeds"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "feeds/site.yaml: missing file; create site.yaml (see the README's feed format reference)",
        "feeds/venues.yaml: missing file; create venues.yaml (see the README's feed format reference)",
        "2 problems found; nothing was written",
    ]


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("build", "--colour", "red"),
        ("check", "--feeds", str(DATA / "minimal")),
        ("check", "--feeds", str(DATA / "warnings")),
        ("check", "--feeds", "nowhere"),
    ],
    ids=["no command", "unknown option", "valid", "warnings", "missing folder"],
)
def test_in_process_the_command_line_gives_what_a_new_interpreter_gives(tmp_path, args):
    """What the tests' cli() relies on: main() in this process gives the
    status, stdout and stderr of `python -m generator`, and leaves this
    process's working folder and environment as they were."""
    cwd, environ = os.getcwd(), dict(os.environ)
    inside = cli(*args, cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert (os.getcwd(), dict(os.environ)) == (cwd, environ)
    outside = run_cli(*args, cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert (inside.returncode, inside.stdout, inside.stderr) == (outside.returncode, outside.stdout, outside.stderr)
