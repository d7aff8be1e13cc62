"""Worker processes (generator/workers.py, ``build --jobs N``) never change what a build
gives: the same bytes, the same problems in the same order, the same cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.corpus import Size, change_one_session, write_corpus
from generator.workers import AUTO, Jobs
from tests.conftest import DATA, run_cli, snapshot

SIZE = Size(series=4, seasons=2, events=3, sessions=6, venues=10, collections=2)


def _pid(offset: int, item: int) -> tuple[int, int]:
    return item + offset, os.getpid()


def test_jobs_run_in_other_processes_and_keep_the_items_order():
    items = list(range(40))
    made = Jobs(_pid, 100).map(items, 2, large=False)
    assert [value for value, _ in made] == [item + 100 for item in items]
    assert os.getpid() not in {pid for _, pid in made}
    assert len({pid for _, pid in made}) == 2


def test_a_small_job_stays_in_this_process():
    made = Jobs(_pid, 0).map([1, 2, 3], AUTO, large=False)
    assert {pid for _, pid in made} == {os.getpid()}
    assert {pid for _, pid in Jobs(_pid, 0).map([1, 2, 3], 1, large=True)} == {os.getpid()}


def _fails(_shared: None, item: int) -> int:
    if item == 3:
        raise ValueError("item 3")
    return item


def test_an_error_in_a_worker_is_raised_in_the_build():
    with pytest.raises(ValueError, match="item 3"):
        Jobs(_fails, None).map(list(range(6)), 2, large=True)


def build(feeds: Path, out: Path, *options: str) -> dict[str, bytes]:
    result = run_cli("build", "--feeds", str(feeds), "--out", str(out), *options)
    assert result.returncode == 0, result.stderr
    return {path: body for path, (body, _) in snapshot(out).items()}


def test_workers_give_the_bytes_of_one_process(tmp_path):
    feeds = write_corpus(tmp_path / "feeds", SIZE)
    alone = build(feeds, tmp_path / "one" / "public", "--no-cache", "--jobs", "1")
    assert build(feeds, tmp_path / "two" / "public", "--no-cache", "--jobs", "2") == alone
    # With the cache: a cold build, then a rebuild after one change, both in workers.
    cached = tmp_path / "cached" / "public"
    assert build(feeds, cached, "--jobs", "2") == alone
    change_one_session(feeds, SIZE)
    changed = build(feeds, tmp_path / "fresh" / "public", "--no-cache", "--jobs", "1")
    assert changed != alone
    assert build(feeds, cached, "--jobs", "2") == changed


@pytest.mark.parametrize("beta", [("name:", "nom:"), ("name:", "name: [not closed")], ids=["field", "yaml"])
def test_workers_report_the_problems_of_one_process_in_its_order(beta, tmp_path):
    feeds = tmp_path / "feeds"
    shutil.copytree(DATA / "multi-series", feeds)
    for name, (old, new) in {"alpha-endurance.yaml": ("sessions:", "sessionz:"), "beta-sprint.yaml": beta}.items():
        path = feeds / "series" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    alone = run_cli("check", "--feeds", str(feeds))
    outputs = [
        run_cli("build", "--no-cache", "--jobs", jobs, "--feeds", str(feeds), "--out", str(tmp_path / jobs))
        for jobs in ("1", "2")
    ]
    assert alone.returncode == 1 and "beta-sprint.yaml:" in alone.stderr
    assert [(one.returncode, one.stdout, one.stderr) for one in outputs] == [(1, "", alone.stderr)] * 2
    assert not (tmp_path / "1").exists() and not (tmp_path / "2").exists()


@pytest.mark.parametrize("jobs", ["0", "-1", "two", ""])
def test_jobs_must_be_a_whole_number_from_one(jobs, tmp_path):
    result = run_cli("build", "--jobs", jobs, "--out", str(tmp_path / "public"))
    assert result.returncode == 2
    assert f"argument --jobs: expected a whole number of processes, 1 or more, got {jobs!r}" in result.stderr
