"""``python -m generator diff``: the change report a reviewer reads.

System tests build tests/data/diff-old and diff-new (one change of every
kind, each reaching several feeds and reported once) and compare the whole report, plain and markdown, with
tests/data/diff-expected/; the same report must come out of two git
revisions of a temporary repository. Unit tests pin the wording of each
kind of move on hand-made sessions, without the disk.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator import diff
from tests.conftest import DATA, ROOT, cli, snapshot

EXPECTED = DATA / "diff-expected"
SPA = ZoneInfo("Europe/Brussels")


def expected(name: str, old: str = "old", new: str = "new") -> str:
    text = (EXPECTED / name).read_text(encoding="utf-8")
    return text.replace("from old to new", f"from {old} to {new}", 1).replace(
        "from `old` to `new`", f"from `{old}` to `{new}`", 1
    )


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two fixture revisions, built once for the module into old/ and new/."""
    root = tmp_path_factory.mktemp("diff-sites")
    for side in ("old", "new"):
        done = cli("build", "--feeds", str(DATA / f"diff-{side}"), "--out", str(root / side))
        assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def sites(tmp_path: Path, built_sites: Path) -> Path:
    """tmp_path/old and tmp_path/new: the two fixture revisions, built (a copy each test may change)."""
    for side in ("old", "new"):
        shutil.copytree(built_sites / side, tmp_path / side)
    return tmp_path


def no_git_above(tmp_path: Path) -> dict[str, str]:
    # So that a tmp_path inside some repository is still "not a git repository".
    return {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}


# -- two built sites ------------------------------------------------------


def test_plain_report_of_every_kind_of_change(sites: Path) -> None:
    done = cli("diff", "old", "new", cwd=sites)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == expected("report.txt")


def test_markdown_report_for_the_pull_request_summary(sites: Path) -> None:
    done = cli("diff", "--format", "markdown", "old", "new", cwd=sites)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == expected("report.md")


def test_identical_sites_exit_0(sites: Path) -> None:
    done = cli("diff", "old", "old", cwd=sites)
    assert (done.returncode, done.stdout, done.stderr) == (0, "Changes from old to old: no changes in 6 feeds\n", "")
    done = cli("diff", "--format", "markdown", "old", "old", cwd=sites)
    assert (done.returncode, done.stdout) == (0, "## Calendar changes from `old` to `old`\n\nNo changes in 6 feeds.\n")


def test_a_changed_build_timestamp_is_no_change(sites: Path) -> None:
    """DTSTAMP and LAST-MODIFIED change with every build: never a change to report."""
    done = cli(
        "build",
        "--feeds",
        str(DATA / "diff-old"),
        "--out",
        str(sites / "later"),
        env={"SOURCE_DATE_EPOCH": "1800000000"},
    )
    assert done.returncode == 0
    assert cli("diff", "old", "later", cwd=sites).returncode == 0


def test_a_missing_side_is_an_error_with_exit_2(sites: Path) -> None:
    done = cli("diff", "old", "nowhere", cwd=sites, env=no_git_above(sites))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: nowhere: neither a folder nor a git revision (this is not a git repository)\n"


def test_a_folder_without_feeds_is_an_error_with_exit_2(sites: Path) -> None:
    (sites / "empty").mkdir()
    done = cli("diff", "empty", "new", cwd=sites)
    assert (done.returncode, done.stdout) == (2, "")
    assert (
        done.stderr
        == "error: empty: no .ics feeds in this folder; build it first (make feeds) or name a git revision\n"
    )


def test_an_unknown_format_is_wrong_usage(sites: Path) -> None:
    done = cli("diff", "--format", "html", "old", "new", cwd=sites)
    assert done.returncode == 2
    assert "argument --format: invalid choice: 'html' (choose from 'text', 'markdown')" in done.stderr


def test_an_unreadable_feed_is_an_error_with_exit_2(sites: Path) -> None:
    (sites / "new" / "wec.ics").write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    done = cli("diff", "old", "new", cwd=sites)
    assert done.returncode == 2
    assert done.stderr.startswith("error: wec.ics: not a readable iCalendar file: ")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"DTSTART:garbage\r\nUID:a\r\n", "x.ics: not a valid iCalendar file: VEVENT: Expected time, got: garbage"),
        (b"SUMMARY:Race\r\nUID:a\r\n", "x.ics: an event (Race) has no DTSTART"),
        (
            b"SUMMARY:Race\r\nUID:a\r\nDTSTART;VALUE=DURATION:PT1H\r\n",
            "x.ics: an event (Race) has a DTSTART that is neither a date nor a date-time",
        ),
        (
            b"SUMMARY:Race\r\nUID:a\r\nDTSTART:20240511T130000Z\r\nDTEND;VALUE=DATE:20240512\r\n",
            "x.ics: an event (Race) starts at a time but its DTEND is a date",
        ),
    ],
)
def test_an_invalid_event_is_named(body: bytes, message: str) -> None:
    with pytest.raises(diff.DiffError) as raised:
        diff.parse_feed("x.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + body + b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert str(raised.value) == message


# -- two git revisions ------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def commit_feeds(repo: Path, source: Path, message: str) -> str:
    shutil.rmtree(repo / "feeds", ignore_errors=True)
    shutil.copytree(source, repo / "feeds")
    git(repo, "add", "-A", "feeds")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose feeds/ was diff-old in HEAD~1 and is diff-new in HEAD."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Fixture Maintainer")
    git(repo, "config", "user.email", "maintainer@example.org")
    commit_feeds(repo, DATA / "diff-old", "feeds: before")
    commit_feeds(repo, DATA / "diff-new", "feeds: after")
    return repo


def test_report_between_two_git_revisions(repo: Path) -> None:
    done = cli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == expected("report.txt", "HEAD~1", "HEAD")
    done = cli("diff", "--format", "markdown", "main~1", "main", cwd=repo)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == expected("report.md", "main~1", "main")


def test_revisions_are_built_aside_leaving_the_work_tree_alone(repo: Path) -> None:
    before = snapshot(repo / "feeds")
    assert cli("diff", "HEAD", "HEAD", cwd=repo).returncode == 0
    assert snapshot(repo / "feeds") == before
    assert not (repo / "public").exists()
    assert git(repo, "status", "--porcelain", "--ignored") == ""


def test_a_full_commit_id_is_shortened_in_the_report(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD~1")
    done = cli("diff", base, "HEAD", cwd=repo)
    assert done.stdout == expected("report.txt", base[:12], "HEAD")


def test_a_revision_and_a_built_folder_can_be_compared(repo: Path, sites: Path) -> None:
    done = cli("diff", "HEAD~1", str(sites / "new"), cwd=repo)
    assert done.stdout == expected("report.txt", "HEAD~1", str(sites / "new"))


def test_an_unknown_revision_is_an_error_with_exit_2(repo: Path) -> None:
    done = cli("diff", "no-such-branch", "HEAD", cwd=repo)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"error: no-such-branch: neither a folder nor a git revision of {repo}\n"


def test_an_unbuildable_revision_prints_its_problems_and_exits_2(repo: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(DATA / "diff-new", broken)
    path = broken / "series" / "wec.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('start: "2024-05-11 13:30"', 'start: "2024-05-11 25:30"'),
        encoding="utf-8",
    )
    commit = commit_feeds(repo, broken, "feeds: a typo")
    done = cli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert (done.returncode, done.stdout) == (2, "")
    # The same problems `check` prints for that folder, each indented under the revision.
    checked = cli("check", "--feeds", "feeds", cwd=repo).stderr.splitlines()[:-1]
    assert checked and checked[0].startswith("feeds/series/wec.yaml:35: events[1].sessions[2].start: ")
    assert done.stderr == f"error: HEAD: the feeds at revision {commit[:12]} do not build:\n" + "".join(
        f"  {line}\n" for line in checked
    )


def test_a_revision_without_feeds_is_an_error_with_exit_2(repo: Path) -> None:
    git(repo, "rm", "-q", "-r", "feeds")
    git(repo, "commit", "-q", "-m", "no feeds")
    commit = git(repo, "rev-parse", "HEAD")
    done = cli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert (done.returncode, done.stderr) == (2, f"error: HEAD: revision {commit[:12]} has no feeds/ folder\n")


def test_make_report_writes_markdown_and_treats_changes_as_success(tmp_path: Path) -> None:
    """The target the pull-request workflow calls, on this repository's own history."""
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        ["make", "--no-print-directory", "report", "BASE=HEAD", "NEW=HEAD", f"REPORT={summary}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert summary.exists(), (done.stdout, done.stderr)
    assert summary.read_text(encoding="utf-8").startswith("## Calendar changes from `HEAD` to `HEAD`\n\nNo changes in ")
    usage = subprocess.run(
        ["make", "--no-print-directory", "report"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert usage.returncode == 2
    assert "usage: make report BASE=<git revision>" in usage.stderr


# -- the wording, on hand-made sessions (no disk) -------------------------


def session(start: dt.date, end: dt.datetime | None = None, **overrides: object) -> diff.Session:
    values = {
        "uid": "wec.spa-2024.race@example.org",
        "label": "FIA WEC · 6 Hours of Spa · Race",
        "start": start,
        "end": end,
        "location": "Circuit de Spa-Francorchamps, Stavelot, BE",
        "zone": "Europe/Brussels" if isinstance(start, dt.datetime) else "",
        "status": "scheduled",
        "description": "",
        "details": (),
    }
    values.update(overrides)
    return diff.Session(**values)  # type: ignore[arg-type]


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = SPA) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, minute, tzinfo=zone)


def texts(old: diff.Session, new: diff.Session) -> list[tuple[str, str, str]]:
    return [(c.kind, c.text, c.warning) for c in diff.compare_session(old, new)]


def site(
    *sessions: diff.Session, feeds: tuple[str, ...] = ("wec.ics", "wec-races.ics", "all.ics", "all-races.ics")
) -> dict[str, diff.Feed]:
    return {name: diff.Feed(name, name, "", {s.uid: s for s in sessions}) for name in feeds}


def test_the_example_wording_of_a_re_timed_session() -> None:
    assert texts(session(at(11, 13)), session(at(11, 13, 30))) == [
        (
            "re-timed",
            "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00 -> 13:30 CEST at Circuit de Spa-Francorchamps, Stavelot, BE",
            "",
        )
    ]


def test_one_re_timed_session_is_one_change_listing_every_feed_it_reaches() -> None:
    report = diff.compare_sites(site(session(at(11, 13), at(11, 19))), site(session(at(11, 12), at(11, 18))))
    assert diff.format_text(report, 4, "main", "HEAD") == (
        "Changes from main to HEAD: 4 of 4 feeds changed: 1 change, 0 warnings\n"
        "\n"
        "Sessions\n"
        "  re-timed: FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00–19:00 -> 12:00–18:00 CEST"
        " at Circuit de Spa-Francorchamps, Stavelot, BE [wec, its races feed, all, all-races]\n"
    )


@pytest.mark.parametrize(
    ("feeds", "shown"),
    [
        (("wec.ics", "wec-races.ics", "all.ics", "all-races.ics"), " [wec, its races feed, all, all-races]"),
        (
            ("wec-lmgt3.ics", "wec.ics", "klaus-bachler.ics", "wec-hypercar.ics"),
            " [klaus-bachler, wec, its hypercar feed, its lmgt3 feed]",
        ),
        (("wec-races.ics",), " [wec-races]"),
        ((), ""),
    ],
)
def test_the_feeds_a_change_reaches(feeds: tuple[str, ...], shown: str) -> None:
    assert diff.feed_list(diff.compare.order_feeds(feeds)) == shown


def test_a_new_id_with_the_same_title_and_time_is_a_rename_with_a_warning() -> None:
    report = diff.compare_sites(
        site(session(at(11, 13))), site(session(at(11, 13), uid="wec.spa-2024.main-race@example.org"))
    )
    assert [(c.kind, c.text, c.warning, c.feeds) for c in report.changes()] == [
        (
            "renamed",
            "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00 CEST at Circuit de Spa-Francorchamps, Stavelot, BE",
            "its id changed (wec.spa-2024.race -> wec.spa-2024.main-race): subscribers see a new event, and may keep the old one beside it; keep the session's old id",
            ("wec.ics", "wec-races.ics", "all.ics", "all-races.ics"),
        )
    ]
    # Another time too: a session removed and one added, not a rename.
    report = diff.compare_sites(
        site(session(at(11, 13))), site(session(at(11, 14), uid="wec.spa-2024.main-race@example.org"))
    )
    assert [c.kind for c in report.changes()] == ["removed", "added"]


def test_a_venue_whose_zone_changed_is_a_warning() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    report = diff.compare_sites(site(session(at(11, 13))), site(session(at(11, 13, zone=tokyo), zone="Asia/Tokyo")))
    assert [(c.kind, c.text, c.warning) for c in report.venues] == [
        (
            "venue zone changed",
            "Circuit de Spa-Francorchamps, Stavelot, BE: Europe/Brussels -> Asia/Tokyo",
            "every local time there is now read in Asia/Tokyo: each session keeps its clock time and moves in UTC; check the venue's timezone",
        )
    ]
    assert report.sessions[0].text == (
        "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00 CEST -> Sat 11 May 2024 13:00 JST"
        " at Circuit de Spa-Francorchamps, Stavelot, BE"
    )


def test_a_new_series_and_a_new_venue_are_named() -> None:
    old = site(session(at(11, 13)), feeds=("all.ics",))
    sprint = session(
        at(12, 10),
        uid="cup.spa.sprint@example.org",
        label="Cup · Spa · Sprint",
        location="Circuit Zolder, Heusden-Zolder, BE",
    )
    new = site(session(at(11, 13)), sprint, feeds=("all.ics",))
    new["cup.ics"] = diff.Feed("cup.ics", "Cup", "", {sprint.uid: sprint}, "series")
    new["cup-races.ics"] = diff.Feed("cup-races.ics", "Cup: races", "", {sprint.uid: sprint}, "races")
    report = diff.compare_sites(old, new)
    assert [(c.kind, c.text, c.feeds) for c in report.feeds] == [
        ("new series", "Cup: 1 session", ("cup.ics", "cup-races.ics"))
    ]
    assert [(c.kind, c.text) for c in report.venues] == [
        ("new venue", "Circuit Zolder, Heusden-Zolder, BE (Europe/Brussels)")
    ]
    assert [(c.kind, c.feeds) for c in report.sessions] == [("added", ("cup.ics", "cup-races.ics", "all.ics"))]


def test_a_session_new_to_a_new_feed_only_is_not_a_change_of_it() -> None:
    """A new driver's feed holds sessions every other feed had: the feed is new, its sessions are not."""
    old = site(session(at(11, 13)), feeds=("wec.ics",))
    new = {
        **site(session(at(11, 13)), feeds=("wec.ics",)),
        "driver.ics": diff.Feed(
            "driver.ics", "A Driver", "", {"wec.spa-2024.race@example.org": session(at(11, 13))}, "driver"
        ),
    }
    assert [(c.kind, c.text, c.feeds) for c in diff.compare_sites(old, new).changes()] == [
        ("new feed", "A Driver: 1 session", ("driver.ics",))
    ]


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (session(dt.date(2024, 5, 11)), session(at(11, 13)), "Sat 11 May 2024, time TBC -> 13:00 CEST"),
        (session(at(11, 13)), session(dt.date(2024, 5, 11)), "Sat 11 May 2024 13:00 CEST -> time TBC"),
        (session(at(11, 13)), session(at(12, 11)), "Sat 11 May 2024 13:00 CEST -> Sun 12 May 2024 11:00 CEST"),
        (
            session(at(11, 13), at(11, 19)),
            session(at(11, 13), at(11, 19, 30)),
            "Sat 11 May 2024 13:00–19:00 -> 13:00–19:30 CEST",
        ),
        (
            session(at(11, 20), at(12, 2)),
            session(at(11, 21), at(12, 3)),
            "Sat 11 May 2024 20:00 CEST – Sun 12 May 2024 02:00 CEST -> Sat 11 May 2024 21:00 CEST – Sun 12 May 2024 03:00 CEST",
        ),
        (
            session(dt.date(2024, 5, 11)),
            session(dt.date(2024, 5, 12)),
            "Sat 11 May 2024, time TBC -> Sun 12 May 2024, time TBC",
        ),
        (
            session(at(11, 13)),
            session(at(11, 13).astimezone(ZoneInfo("Asia/Dubai"))),
            "Sat 11 May 2024 13:00 CEST -> Sat 11 May 2024 15:00 UTC+4",
        ),
    ],
)
def test_each_kind_of_move_reads_plainly(old: diff.Session, new: diff.Session, text: str) -> None:
    assert diff.describe_move(old, new) == text


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (at(11, 13), at(12, 13), ""),
        (at(11, 13), at(12, 13, 1), "moved by more than a day (1 day later): check the date"),
        (dt.date(2024, 5, 11), dt.date(2024, 5, 12), ""),
        (dt.date(2024, 5, 11), dt.date(2024, 5, 9), "moved by more than a day (2 days earlier): check the date"),
    ],
)
def test_a_move_of_more_than_a_day_is_a_warning(old: dt.date, new: dt.date, warning: str) -> None:
    assert texts(session(old), session(new))[0][2] == warning


def test_a_new_length_is_reported_as_a_new_end() -> None:
    spa = " at Circuit de Spa-Francorchamps, Stavelot, BE"
    assert texts(session(at(11, 13)), session(at(11, 13), at(11, 19))) == [
        ("re-timed", "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00 -> 13:00–19:00 CEST" + spa, "")
    ]
    assert (
        texts(session(at(11, 13), at(11, 19)), session(at(11, 13)))[0][1]
        == "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00–19:00 -> 13:00 CEST" + spa
    )


def test_status_changes_other_than_cancelling() -> None:
    assert texts(session(at(11, 13)), session(at(11, 13), status="postponed")) == [
        (
            "status changed",
            "FIA WEC · 6 Hours of Spa · Race: scheduled -> postponed: Sat 11 May 2024 13:00 CEST at Circuit de Spa-Francorchamps, Stavelot, BE",
            "",
        )
    ]
    assert texts(session(at(11, 13), status="cancelled"), session(at(11, 13)))[0][1].startswith(
        "FIA WEC · 6 Hours of Spa · Race: cancelled -> scheduled: "
    )


def test_details_name_what_changed_unless_another_change_explains_it() -> None:
    old = session(
        at(11, 13), description="Race\nSources:\n- https://a.example", details=(("URL", b"https://a.example"),)
    )
    new = session(
        at(11, 13), description="Race\nSources:\n- https://b.example", details=(("URL", b"https://b.example"),)
    )
    assert texts(old, new) == [
        (
            "details changed",
            "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00 CEST at Circuit de Spa-Francorchamps, Stavelot, BE: "
            'url; description added "- https://b.example"; removed "- https://a.example"',
            "",
        )
    ]
    # Re-timed: the description restates the time, so it is not reported again.
    assert [kind for kind, _, _ in texts(old, session(at(11, 14), description="other", details=old.details))] == [
        "re-timed"
    ]


def test_removing_a_cancelled_session_is_no_warning_but_deleting_a_live_one_is() -> None:
    old = diff.Feed(
        "x.ics", "X", "", {"a": session(at(11, 13), uid="a", status="cancelled"), "b": session(at(11, 14), uid="b")}
    )
    new = diff.Feed("x.ics", "X", "", {})
    changes = sorted(diff.compare_feed(old, new), key=lambda c: c.when)
    assert [(c.text, bool(c.warning)) for c in changes] == [
        (
            "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 13:00 CEST at Circuit de Spa-Francorchamps, Stavelot, BE (was cancelled)",
            False,
        ),
        (
            "FIA WEC · 6 Hours of Spa · Race: Sat 11 May 2024 14:00 CEST at Circuit de Spa-Francorchamps, Stavelot, BE",
            True,
        ),
    ]


def test_markdown_escapes_markup_in_names() -> None:
    report = diff.Report((), (), (diff.Change("added", "A <b>[c]</b> -> d", uid="u", feeds=("x_y.ics",)),))
    assert "### Sessions\n\n- **added**: A \\<b\\>\\[c\\]\\</b\\> → d \\[x\\_y\\]" in diff.format_markdown(
        report, 1, "a", "b"
    )
