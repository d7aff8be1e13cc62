"""`check` in GitHub Actions: each problem also becomes a workflow command
that GitHub shows as an annotation on the line of the YAML at fault."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import DATA, cli


def broken_feeds(tmp_path: Path) -> Path:
    feeds = tmp_path / "feeds"
    shutil.copytree(DATA / "diff-old", feeds)
    path = feeds / "series" / "wec.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[22] == "    venue: spa"
    path.write_text(text.replace("    venue: spa\n", '    venue: "sp%a"\n', 1), encoding="utf-8")
    return feeds


def test_a_problem_becomes_an_error_annotation_on_its_line(tmp_path: Path) -> None:
    broken_feeds(tmp_path)
    done = cli("check", "--feeds", "feeds", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    # '%' is escaped in the message (%25), as GitHub's workflow commands require.
    assert (
        done.stdout
        == "::error file=feeds/series/wec.yaml,line=23::events[1].venue: venue 'sp%25a' is not in feeds/venues.yaml; did you mean 'spa'?\n"
    )
    assert done.stderr.startswith(
        "feeds/series/wec.yaml:23: events[1].venue: venue 'sp%a' is not in feeds/venues.yaml; did you mean 'spa'?\n"
    )


def test_a_problem_without_a_line_annotates_the_file(tmp_path: Path) -> None:
    (broken_feeds(tmp_path) / "site.yaml").unlink()
    done = cli("check", "--feeds", "feeds", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    assert (
        done.stdout.splitlines()[0]
        == "::error file=feeds/site.yaml::missing file; create site.yaml (see the README's feed format reference)"
    )


def test_no_annotations_outside_github_actions(tmp_path: Path) -> None:
    broken_feeds(tmp_path)
    done = cli("check", "--feeds", "feeds", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
