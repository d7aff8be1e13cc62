"""Faults while publishing: the build killed (SIGKILL) at random moments,
two builds at once into one folder, a full disk and a read-only one. The
output folder must always hold one whole site, the old one or the new one,
never a mix, a part, or nothing."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from generator import publish as publish_module
from generator.cli import main
from tests.conftest import DATA, ROOT, SOURCE_DATE_EPOCH, snapshot
from tests.hardening.conftest import FIGURES

KILLS = 40
VENUES = ("bugatti", "dubai-night", "cota", "interlagos", "phillip-island")


def make_feeds(folder: Path, revision: str, series: int = 4, events: int = 15) -> Path:
    """A fixture big enough that a build takes a good fraction of a second;
    each revision changes every output file."""
    feeds = folder / f"feeds-{revision}"
    shutil.copytree(DATA / "edge-cases", feeds, ignore=shutil.ignore_patterns("series", "collections"))
    (feeds / "series").mkdir()
    for s in range(series):
        lines = [
            f"name: Series {s} revision {revision}",
            f"short_name: S{s}",
            "url: https://example.org/s",
            "description: Generated.",
            "seasons:",
            '  - id: "2025"',
            '    name: "2025"',
            "events:",
        ]
        for e in range(events):
            lines += [
                f"  - id: e{e}",
                '    season: "2025"',
                f"    name: Event {e}",
                f"    venue: {VENUES[(s + e) % len(VENUES)]}",
                "    confidence: confirmed",
                "    sources: [https://example.org/e]",
                "    sessions:",
            ]
            for k, kind in enumerate(("practice", "qualifying", "warmup", "race")):
                day = 1 + (e * 2 + k // 2) % 28
                lines += [
                    f"      - id: s{k}",
                    f"        kind: {kind}",
                    f"        name: Session {k}",
                    f"        start: 2025-{1 + e % 12:02d}-{day:02d} {10 + k:02d}:00",
                    "        duration: 2h",
                ]
        (feeds / "series" / f"series-{s}.yaml").write_text("\n".join(lines) + "\n")
    return feeds


def environment() -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    return env


def start_build(feeds: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--feeds", str(feeds), "--out", str(out)],
        cwd=out.parent,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def staging(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.new-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """Feeds of revisions A and B, each site built once for reference; the
    seconds a build takes, and those it takes to start writing its site."""
    root = tmp_path_factory.mktemp("faults")
    feeds = {revision: make_feeds(root, revision) for revision in "AB"}
    sites, seconds, until_writing = {}, [], []
    for revision in "AB":
        out = root / f"reference-{revision}" / "public"
        out.parent.mkdir()
        started = time.monotonic()
        process = start_build(feeds[revision], out)
        while process.poll() is None and not staging(out):
            time.sleep(0.001)
        until_writing.append(time.monotonic() - started)
        assert process.wait(timeout=120) == 0, process.stderr.read().decode()
        seconds.append(time.monotonic() - started)
        sites[revision] = contents(out)
    assert sites["A"].keys() == sites["B"].keys()
    assert sum(sites["A"][p] != sites["B"][p] for p in sites["A"]) > len(sites["A"]) // 2, (
        "most files differ between the revisions"
    )
    print(f"a build takes {max(seconds):.2f} s, {min(until_writing):.2f} s of it before it writes")
    return feeds, sites, max(seconds), min(until_writing)


def which_site(out: Path, sites: dict[str, dict[str, bytes]]) -> str:
    found = contents(out) if out.is_dir() else {}
    for revision, site in sites.items():
        if found == site:
            return revision
    changed = sorted(
        p for p in set(found) | set(sites["A"]) if found.get(p) not in (sites["A"].get(p), sites["B"].get(p))
    )
    raise AssertionError(f"{out} holds neither whole site: {len(found)} files; differing or missing: {changed[:10]}")


@pytest.mark.killed_build
def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one(tmp_path, two_sites):
    feeds, sites, seconds, until_writing = two_sites
    out = tmp_path / "public"
    process = start_build(feeds["A"], out)
    assert process.wait(timeout=120) == 0
    current = "A"
    outcomes: Counter[str] = Counter()
    chance = random.Random(20240601)  # fixed, so that a failure can be replayed
    for run in range(KILLS):
        target = "B" if current == "A" else "A"
        assert which_site(out, sites) == current
        left_by_the_last_kill = set(staging(out))  # cleared by this build once it publishes

        def new_staging(left: set[Path] = left_by_the_last_kill) -> list[Path]:
            return [p for p in set(staging(out)) - left if ".new-" in p.name]

        process = start_build(feeds[target], out)
        moment = ("before it writes", "while it writes", "at any time")[run % 3]
        if moment == "before it writes":
            # Start-up, loading, validating, rendering.
            time.sleep(chance.uniform(0, until_writing * 0.7))
        elif moment == "while it writes":
            # Once the k-th file of the new site is in its staging folder.
            written = chance.randrange(len(sites[target]))
            while process.poll() is None and not any(
                sum(1 for p in folder.rglob("*") if p.is_file()) >= written for folder in new_staging()
            ):
                time.sleep(0.001)
        else:
            time.sleep(chance.uniform(0, seconds * 1.1))
        was_writing = bool(new_staging())
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        current = which_site(out, sites)
        if current == target:
            phase = "after it finished" if process.returncode == 0 else "after the new site was in place"
        else:
            phase = "while writing the new site" if was_writing else "before writing (starting, loading, rendering)"
        outcomes[f"killed {phase}: {'new' if current == target else 'old'} site whole"] += 1
    # The next build clears what the killed ones left beside the folder.
    process = start_build(feeds["A"], out)
    assert process.wait(timeout=120) == 0, process.stderr.read().decode()
    assert which_site(out, sites) == "A"
    assert staging(out) == []
    FIGURES["builds killed with SIGKILL, each leaving one whole site"] += KILLS
    for outcome, count in sorted(outcomes.items()):
        FIGURES[f"  {outcome}"] += count
    assert sum(count for outcome, count in outcomes.items() if "while writing" in outcome) >= KILLS // 5
    assert sum(count for outcome, count in outcomes.items() if "before writing" in outcome) >= KILLS // 5


@pytest.mark.killed_build
def test_two_builds_at_once_end_with_one_whole_site(tmp_path, two_sites):
    feeds, sites, _, _ = two_sites
    out = tmp_path / "public"
    winners: Counter[str] = Counter()
    for _ in range(6):
        first, second = start_build(feeds["A"], out), start_build(feeds["B"], out)
        assert first.wait(timeout=120) == 0, first.stderr.read().decode()
        assert second.wait(timeout=120) == 0, second.stderr.read().decode()
        winners[which_site(out, sites)] += 1
        assert staging(out) == []
    FIGURES["pairs of simultaneous builds, each ending with one whole site"] += sum(winners.values())


# -- full and read-only disks --------------------------------------------------


def can_mount() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--mount",
            *([] if os.geteuid() == 0 else ["--map-root-user"]),
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp",
        ],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


def build_on_a_small_disk(
    tmp_path: Path, feeds: Path, old_site: Path, size_kb: int, read_only: bool
) -> tuple[int, str, dict[str, bytes], list[str]]:
    """Mount a tmpfs of size_kb (in a private mount namespace), put the old
    site on it, make it read-only if asked, build onto it; give the exit
    status, stderr, the folder's files afterwards and what else is beside it."""
    disk, after = tmp_path / "disk", tmp_path / "after"
    disk.mkdir()
    script = f"""
set -e
mount -t tmpfs -o size={size_kb}k tmpfs '{disk}'
cp -a '{old_site}' '{disk}/public'
{"mount -o remount,ro '" + str(disk) + "'" if read_only else ""}
set +e
'{sys.executable}' -m generator build --feeds '{feeds}' --out '{disk}/public' 2> '{tmp_path}/stderr'
echo $? > '{tmp_path}/status'
cp -a '{disk}/public' '{after}'
ls -A '{disk}' > '{tmp_path}/beside'
"""
    result = subprocess.run(
        ["unshare", "--mount", *([] if os.geteuid() == 0 else ["--map-root-user"]), "sh", "-c", script],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    beside = (tmp_path / "beside").read_text().split()
    return int((tmp_path / "status").read_text()), (tmp_path / "stderr").read_text(), contents(after), beside


def size_kb(site: dict[str, bytes]) -> int:
    return sum(-(-len(body) // 4096) * 4 for body in site.values())  # whole 4 KB pages, as tmpfs counts


@pytest.fixture
def mountable():
    if not can_mount():
        pytest.skip("no tmpfs can be mounted here (needs root or user namespaces); test_simulated_* cover the same")


def test_a_full_disk_gives_a_clear_error_and_keeps_the_old_site(tmp_path, two_sites, mountable):
    feeds, sites, _, _ = two_sites
    old = tmp_path / "old"
    for path, body in sites["A"].items():
        (old / path).parent.mkdir(parents=True, exist_ok=True)
        (old / path).write_bytes(body)
    # Room for the old site and half of the new one.
    status, errors, after, beside = build_on_a_small_disk(
        tmp_path, feeds["B"], old, size_kb(sites["A"]) + size_kb(sites["B"]) // 2, read_only=False
    )
    FIGURES["builds onto a full or read-only disk"] += 1
    assert status == 1
    assert (
        errors
        == f"error: could not write {tmp_path}/disk/public: No space left on device; the previous site is unchanged\n"
    )
    assert after == sites["A"]
    assert sorted(beside) == [".public.lock", "public"]


def test_a_read_only_disk_gives_a_clear_error_and_keeps_the_old_site(tmp_path, two_sites, mountable):
    feeds, sites, _, _ = two_sites
    old = tmp_path / "old"
    for path, body in sites["A"].items():
        (old / path).parent.mkdir(parents=True, exist_ok=True)
        (old / path).write_bytes(body)
    status, errors, after, beside = build_on_a_small_disk(
        tmp_path, feeds["B"], old, 4 * size_kb(sites["A"]), read_only=True
    )
    FIGURES["builds onto a full or read-only disk"] += 1
    assert status == 1
    assert (
        errors
        == f"error: could not write {tmp_path}/disk/public: Read-only file system; the previous site is unchanged\n"
    )
    assert after == sites["A"]
    assert beside == ["public"]


@pytest.mark.parametrize(
    ("code", "fail_at"), [(errno.ENOSPC, "third file"), (errno.EROFS, "staging folder"), (errno.EDQUOT, "first file")]
)
def test_simulated_write_failures_give_a_clear_error_and_keep_the_old_site(site, capsys, monkeypatch, code, fail_at):
    """Where no disk can be mounted: the same failures raised by the calls the publisher makes."""
    real_open, real_mkdtemp = open, publish_module.tempfile.mkdtemp
    opened = []

    def failing_open(path, mode="r", *args, **kwargs):
        if "w" in mode:
            opened.append(path)
            if (fail_at == "third file" and len(opened) == 3) or fail_at == "first file":
                raise OSError(code, os.strerror(code), str(path))
        return real_open(path, mode, *args, **kwargs)

    def failing_mkdtemp(*args, **kwargs):
        if fail_at == "staging folder" and ".new-" in kwargs.get("prefix", ""):
            raise OSError(code, os.strerror(code))
        return real_mkdtemp(*args, **kwargs)

    monkeypatch.setattr(publish_module, "open", failing_open, raising=False)
    monkeypatch.setattr(publish_module.tempfile, "mkdtemp", failing_mkdtemp)
    site.edit("series/edge-sprint.yaml", "name: Edge Sprint Cup", "name: Edge Sprint Cup, revised")
    capsys.readouterr()
    assert main(["build", "--feeds", str(site.feeds), "--out", str(site.out)]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err == f"error: could not write {site.out}: {os.strerror(code)}; the previous site is unchanged\n"
    assert snapshot(site.out) == site.before
    assert site.leftovers() == []
