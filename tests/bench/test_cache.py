"""The build cache never changes the output: every cached rebuild gives the
bytes of a build without any cache, a rebuild without change writes
nothing, a change rewrites only the files that show it, and publishing stays
all or nothing."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from benchmarks.corpus import Size, change_one_session, series_slug, write_corpus
from generator import publish as publish_module
from generator.build import build
from generator.cache import read_kept
from generator.publish import PublishError
from tests.conftest import SOURCE_DATE_EPOCH, snapshot

SIZE = Size(series=3, seasons=2, events=4, sessions=6, venues=20, collections=3)
ENV = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "feeds", SIZE)


def cold_build(
    feeds: Path, tmp_path: Path, environ: dict[str, str] = ENV, base_url: str | None = None
) -> dict[str, bytes]:
    """A build into a folder of its own without the cache (``build --no-cache``): no earlier output."""
    out = tmp_path / f"cold-{len(list(tmp_path.glob('cold-*')))}" / "public"
    build(feeds, out, base_url, environ, use_cache=False)
    assert not (out.parent / ".cache").exists()
    return contents(out)


def contents(folder: Path) -> dict[str, bytes]:
    return {path: body for path, (body, _) in snapshot(folder).items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_without_change_writes_nothing(feeds, tmp_path):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    before, folder = snapshot(out), os.stat(out).st_ino
    build(feeds, out, environ=ENV)
    assert snapshot(out) == before
    assert os.stat(out).st_ino == folder  # not even swapped
    assert sorted(p.name for p in out.parent.iterdir()) == [".cache", ".public.lock", ".public.published", "public"]


def test_a_rebuild_without_change_still_clears_what_a_killed_build_left(feeds, tmp_path):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    before = snapshot(out)
    (out.parent / ".public.new-killed").mkdir()
    (out.parent / ".public.new-killed" / "all.ics").write_bytes(b"half")
    build(feeds, out, environ=ENV)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".cache", ".public.lock", ".public.published", "public"]


def test_one_changed_session_rewrites_only_the_files_that_show_it(feeds, tmp_path):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    before = snapshot(out)
    inodes = {path: os.stat(out / path).st_ino for path in before}
    change_one_session(feeds, SIZE)
    build(feeds, out, environ=ENV)
    after = snapshot(out)
    assert after.keys() == before.keys()
    rewritten = {path for path in after if after[path][1] != before[path][1]}
    changed = {path for path in after if after[path][0] != before[path][0]}
    assert rewritten == changed
    changed_series = series_slug(SIZE.series // 2)
    # index.html carries only the sessions still to come at the build's time (not this one).
    assert {
        f"{changed_series}.ics",
        f"{changed_series}.json",
        f"{changed_series}.html",
        f"de/{changed_series}.html",
        "all.ics",
        "all.json",
    } <= changed
    assert not any(path.startswith(series_slug(0)) for path in changed)
    # The others are the same files (hard links), not copies.
    assert all(os.stat(out / path).st_ino == inodes[path] for path in after if path not in changed)
    assert contents(out) == cold_build(feeds, tmp_path)


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The slugs of the series each build renders (rather than takes from the cache), in order."""
    from generator import render as render_module

    slugs: list[str] = []
    real = render_module.render_series
    monkeypatch.setattr(
        render_module, "render_series", lambda series, *args: slugs.append(series.slug) or real(series, *args)
    )
    return slugs


def test_only_the_series_whose_file_changed_is_rendered_again(feeds, tmp_path, rendered):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    assert rendered == [series_slug(n) for n in range(SIZE.series)]
    rendered.clear()
    edit(feeds / "series" / f"{series_slug(1)}.yaml", 'name: "Endurance Cup 1', 'name: "Endurance Cup One')
    build(feeds, out, environ=ENV)
    assert rendered == [series_slug(1)]
    rendered.clear()
    build(feeds, out, environ=ENV)
    assert rendered == []


# (drivers/ is a kind the load stage reads now, where "name: Someone" is refused: teams/ stands for a kind still to come.)
def test_a_collection_whose_file_and_series_are_unchanged_is_not_rendered_again(feeds, tmp_path, monkeypatch):
    """crew-02 follows series 1 and 2; crew-00 and crew-01 follow series 0 too."""
    from generator import render as render_module

    made: list[str] = []
    real = render_module.render_feed
    monkeypatch.setattr(render_module, "render_feed", lambda feed, *args: made.append(feed.slug) or real(feed, *args))
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    assert sorted(made) == ["crew-00", "crew-01", "crew-02"]
    made.clear()
    edit(feeds / "series" / f"{series_slug(0)}.yaml", 'name: "Endurance Cup 0', 'name: "Endurance Cup Zero')
    build(feeds, out, environ=ENV)
    assert sorted(made) == ["crew-00", "crew-01"]
    assert contents(out) == cold_build(feeds, tmp_path)


@pytest.mark.parametrize("added", ["teams/someone.yaml", "classes.yaml", "notes/readme.txt"])
def test_a_new_kind_of_input_file_invalidates_every_series(feeds, tmp_path, rendered, added):
    """Every file of the feeds folder that is not a series file is part of every series' key,
    whatever its kind: a kind of input added later can never leave a stale rebuild."""
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    rendered.clear()
    (feeds / added).parent.mkdir(parents=True, exist_ok=True)
    (feeds / added).write_text("name: Someone\n", encoding="utf-8")
    build(feeds, out, environ=ENV)
    assert rendered == [series_slug(n) for n in range(SIZE.series)]
    assert contents(out) == cold_build(feeds, tmp_path)


def test_the_cache_keys_come_from_one_place(feeds):
    """A series' key changes with its own file, any file that is not a series file, the code and
    the settings; never with another series' file."""
    from generator.inputs import Inputs

    mine, other = Path("series") / f"{series_slug(0)}.yaml", Path("series") / f"{series_slug(1)}.yaml"
    before = Inputs("code", feeds, ("1", ""))
    assert before.series_key(mine) == Inputs("code", feeds, ("2", "https://x.example/")).series_key(mine)
    assert before.series_key(mine) != Inputs("other code", feeds, ("1", "")).series_key(mine)
    assert before.key() != Inputs("code", feeds, ("2", "")).key()
    edit(feeds / other, 'name: "Endurance Cup 1', 'name: "Endurance Cup One')
    after_other = Inputs("code", feeds, ("1", ""))
    assert after_other.series_key(mine) == before.series_key(mine) and after_other.series_key(
        other
    ) != before.series_key(other)
    edit(feeds / "venues.yaml", "Circuit Paris-Nord", "Circuit de Paris-Nord")
    assert Inputs("code", feeds, ("1", "")).series_key(mine) != before.series_key(mine)


FAR_EVENT = """\
  - id: 2001-early
    season: "2018"
    name: "A race years earlier"
    venue: paris-nord
    confidence: confirmed
    sources:
      - https://example.org/far
    sessions:
      - id: race
        kind: race
        name: "Race"
        start: "2001-06-10 10:00"
        duration: 2h
"""


def add_far_event(feeds: Path) -> None:
    """Europe/Paris is then needed from 2001: every feed's VTIMEZONE for it changes."""
    path = feeds / "series" / f"{series_slug(2)}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + FAR_EVENT, encoding="utf-8")


def remove_series(feeds: Path) -> None:
    (feeds / "series" / f"{series_slug(2)}.yaml").unlink()
    for collection in (feeds / "collections").glob("*.yaml"):
        if series_slug(2) in collection.read_text(encoding="utf-8"):
            collection.unlink()


CHANGES = [
    pytest.param(lambda feeds: change_one_session(feeds, SIZE), id="one session"),
    pytest.param(
        lambda feeds: edit(
            feeds / "series" / f"{series_slug(1)}.yaml", 'name: "Endurance Cup 1', 'name: "Endurance Cup One'
        ),
        id="a series name",
    ),
    pytest.param(
        lambda feeds: edit(feeds / "venues.yaml", "Circuit Paris-Nord", "Circuit de Paris-Nord"), id="a venue"
    ),
    pytest.param(lambda feeds: edit(feeds / "collections" / "crew-01.yaml", "Crew 1:", "Crew One:"), id="a collection"),
    pytest.param(
        lambda feeds: edit(feeds / "collections" / "crew-02.yaml", "#12 Invented Racing", "#12 Invented Racing Team"),
        id="a collection's entry",
    ),
    pytest.param(
        lambda feeds: edit(
            feeds / "series" / f"{series_slug(0)}.yaml", 'name: "Endurance Cup 0', 'name: "Endurance Cup Zero'
        ),
        id="a series some collections follow",
    ),
    pytest.param(lambda feeds: edit(feeds / "site.yaml", "title: Synthetic", "title: Invented"), id="the site title"),
    pytest.param(add_far_event, id="a session years earlier (a zone's span)"),
    pytest.param(remove_series, id="a series removed"),
]


@pytest.mark.parametrize("change", CHANGES)
def test_a_cached_rebuild_gives_the_bytes_of_a_build_without_cache(feeds, tmp_path, change):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    change(feeds)
    build(feeds, out, environ=ENV)
    cold = cold_build(feeds, tmp_path)  # the same feeds and environment: one build without cache is enough
    assert contents(out) == cold
    build(feeds, out, environ=ENV)  # and again, from what that build kept
    assert contents(out) == cold


def test_the_timestamp_and_the_base_url_are_part_of_what_is_kept(feeds, tmp_path):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    later = {"SOURCE_DATE_EPOCH": str(int(SOURCE_DATE_EPOCH) + 86400)}
    build(feeds, out, environ=later)
    assert contents(out) == cold_build(feeds, tmp_path, later)
    build(feeds, out, "https://elsewhere.example/cal/", environ=later)
    assert contents(out) == cold_build(feeds, tmp_path, later, "https://elsewhere.example/cal/")


def test_a_published_file_edited_by_hand_is_made_again(feeds, tmp_path):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    expected = contents(out)
    (out / f"{series_slug(0)}.html").write_bytes(b"edited")
    (out / f"{series_slug(1)}.ics").unlink()
    (out / "stray.txt").write_bytes(b"not ours")
    build(feeds, out, environ=ENV)
    assert contents(out) == expected


@pytest.mark.parametrize("damage", ["deleted", "garbage", "truncated"])
def test_a_damaged_cache_is_made_again(feeds, tmp_path, damage):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    cache = tmp_path / "site" / ".cache"
    change_one_session(feeds, SIZE)
    if damage == "deleted":
        shutil.rmtree(cache)
    for path in sorted(cache.rglob("*.pickle")):
        if damage == "garbage":
            path.write_bytes(b"not a pickle")
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    build(feeds, out, environ=ENV)
    assert contents(out) == cold_build(feeds, tmp_path)


def test_a_file_another_build_replaced_meanwhile_is_made_again(feeds, tmp_path, monkeypatch):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    change_one_session(feeds, SIZE)
    # As if another build published between this one's rendering and its
    # publishing: the files it would keep as published are no longer those.
    real_intact, looked = publish_module._intact, []

    def replaced_after_rendering(published, out_dir):
        if not looked:
            looked.append(True)
            for path in ("endurance-cup-000.ics", "endurance-cup-000.json", "endurance-cup-000.html"):
                (out_dir / path).write_bytes(b"another build's")
        return real_intact(published, out_dir)

    monkeypatch.setattr(publish_module, "_intact", replaced_after_rendering)
    build(feeds, out, environ=ENV)
    assert contents(out) == cold_build(feeds, tmp_path)


def test_a_failed_incremental_publish_leaves_the_old_site_whole(feeds, tmp_path, monkeypatch):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    before = snapshot(out)
    change_one_session(feeds, SIZE)
    real_write_all, written = publish_module._write_all, []

    def disk_full(outputs, staging):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(outputs)
        real_write_all(outputs, staging)

    monkeypatch.setattr(publish_module, "_write_all", disk_full)
    with pytest.raises(PublishError):
        build(feeds, out, environ=ENV)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".cache", ".public.lock", ".public.published", "public"]
    monkeypatch.setattr(publish_module, "_write_all", real_write_all)
    build(feeds, out, environ=ENV)
    assert contents(out) == cold_build(feeds, tmp_path)


def test_the_cache_keeps_only_what_the_last_build_used(feeds, tmp_path):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    cache = tmp_path / "site" / ".cache" / "public"
    count = len(list(cache.rglob("*.pickle")))
    for _ in range(3):
        change_one_session(feeds, SIZE)
        build(feeds, out, environ=ENV)
    assert (
        len(list(cache.rglob("*.pickle"))) == count == 1 + 3 * SIZE.series + SIZE.collections
    )  # the state; per series its model, its result and its pages; per collection its result
    state = read_kept(cache / "state.pickle")
    assert state["summary"][3] == len(contents(out))


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        ("drivers/driver-one.yaml", "co_drivers: [Driver Four]", "co_drivers: [Driver Five]"),
        (
            "series/class-cup.yaml",
            "classes: [proto]\n        start: 2024-06-14 15:30",
            "classes: [proto, gt]\n        start: 2024-06-14 15:30",
        ),
    ],
)
def test_an_edited_driver_or_class_rebuilds_as_a_cold_build(tmp_path, relative, old, new):
    from tests.conftest import DATA

    feeds = tmp_path / "feeds"
    shutil.copytree(DATA / "golden-classes", feeds)
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    edit(feeds / relative, old, new)
    build(feeds, out, environ=ENV)
    assert contents(out) == cold_build(feeds, tmp_path)


def test_a_build_killed_after_publishing_never_lets_the_next_build_skip(feeds, tmp_path, monkeypatch):
    """Site A is built; a build of B publishes and dies before the cache records it; building A
    again must publish A, although the cache's state still names A's inputs."""
    from generator import cache as cache_module

    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    site_a = contents(out)
    edit(feeds / "series" / f"{series_slug(1)}.yaml", 'name: "Endurance Cup 1', 'name: "Endurance Cup One')
    with monkeypatch.context() as patch:
        patch.setattr(cache_module.BuildCache, "save", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            build(feeds, out, environ=ENV)
    assert contents(out) != site_a
    edit(feeds / "series" / f"{series_slug(1)}.yaml", 'name: "Endurance Cup One', 'name: "Endurance Cup 1')
    build(feeds, out, environ=ENV)
    assert contents(out) == site_a


@pytest.fixture
def made(monkeypatch) -> list[set[str]]:
    """For each publish, the outputs compose made (rather than gave as kept from the published site)."""
    from generator import build as build_module
    from generator.render import Kept

    calls: list[set[str]] = []
    real = build_module.publish

    def watched(outputs, out_dir, *rest):
        paths: set[str] = set()
        calls.append(paths)
        return real(
            ((paths.add(path) if not isinstance(body, Kept) else None) or (path, body) for path, body in outputs),
            out_dir,
            *rest,
        )

    monkeypatch.setattr(build_module, "publish", watched)
    return calls


def test_outputs_drawn_only_on_unchanged_series_are_kept_not_made(feeds, tmp_path, made):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    every = made[-1]
    change_one_session(feeds, SIZE)
    build(feeds, out, environ=ENV)
    changed_series = series_slug(SIZE.series // 2)
    assert {f"{changed_series}.ics", f"{changed_series}.json", f"{changed_series}.html", "all.ics", "all.json"} <= made[
        -1
    ]
    assert "index.html" in made[-1] and "de/index.html" in made[-1]  # the next sessions of every feed
    unchanged = {path for path in every if path.removeprefix("de/").startswith(series_slug(0))}
    assert len(unchanged) >= 6 and not unchanged & made[-1]  # its feeds (all, races, classes) and pages
    assert contents(out) == cold_build(feeds, tmp_path)


def test_outputs_made_in_parts_bring_their_parts_digests_from_fresh_and_kept_results(feeds, tmp_path, monkeypatch):
    """Publish takes an output made in parts by its parts' sha256s (render/parts.py), never hashing it
    whole: each is that part's, whether its series was rendered now or kept in the cache, and a
    cached rebuild records the digests a build without cache records."""
    import hashlib

    from generator import build as build_module
    from generator.published import read_record
    from generator.render import Parts

    checked: list[set[str]] = []
    real = build_module.publish

    def watched(outputs, out_dir, *rest):
        paths: set[str] = set()
        checked.append(paths)

        def each():
            for path, body in outputs:
                if isinstance(body, Parts):
                    assert body.part_digests == [hashlib.sha256(part).digest() for part in body.parts], path
                    paths.add(path)
                yield path, body

        return real(each(), out_dir, *rest)

    monkeypatch.setattr(build_module, "publish", watched)
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    assert {"all.ics", "all.json", "all-races.ics", "crew-01.ics", f"{series_slug(0)}.json"} <= checked[-1]
    change_one_session(feeds, SIZE)
    build(feeds, out, environ=ENV)
    assert {"all.ics", "all.json", f"{series_slug(SIZE.series // 2)}.ics"} <= checked[-1]
    cold = tmp_path / "cold" / "public"
    build(feeds, cold, environ=ENV, use_cache=False)
    assert {path: state[0] for path, state in read_record(out).items()} == {
        path: state[0] for path, state in read_record(cold).items()
    }


def test_a_file_replaced_after_the_build_chose_to_keep_it_is_made_again(feeds, tmp_path, monkeypatch, made):
    """Another build (or a hand) publishes over a file this build meant to keep, after it chose to:
    publish finds the file no longer what it kept, and every file is made once more."""
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    change_one_session(feeds, SIZE)
    real_intact, calls = publish_module._intact, []

    def replaced_before_publishing(published, out_dir):
        calls.append(True)
        if len(calls) == 2:  # the first look is the build's, the second publish's
            (out_dir / f"{series_slug(0)}.ics").write_bytes(b"another build's")
        return real_intact(published, out_dir)

    monkeypatch.setattr(publish_module, "_intact", replaced_before_publishing)
    build(feeds, out, environ=ENV)
    assert len(calls) == 3 and len(made) == 3  # the second publish of that build looked once more
    assert f"{series_slug(0)}.ics" not in made[1] and f"{series_slug(0)}.ics" in made[2]
    assert contents(out) == cold_build(feeds, tmp_path)


def test_a_rebuild_reads_the_pages_only_of_the_series_whose_pages_it_makes(feeds, tmp_path, monkeypatch):
    from generator import cache as cache_module

    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    change_one_session(feeds, SIZE)
    (out / f"{series_slug(0)}.html").write_bytes(b"edited")  # made again: its pages are read
    real_read, read = cache_module.BuildCache._read, []
    monkeypatch.setattr(cache_module.BuildCache, "_read", lambda self, name: read.append(name) or real_read(self, name))
    build(feeds, out, environ=ENV)
    pages_read = [name for name in read if name.endswith(".pages.pickle")]
    assert len(pages_read) == 1  # series 0's; the changed series' pages are rendered afresh
    assert contents(out) == cold_build(feeds, tmp_path)


def test_a_damaged_pages_file_renders_its_series_again(feeds, tmp_path, rendered):
    out = tmp_path / "site" / "public"
    build(feeds, out, environ=ENV)
    for path in (tmp_path / "site" / ".cache").rglob("*.pages.pickle"):
        path.write_bytes(b"not a pickle")
    (out / f"de/{series_slug(1)}.html").write_bytes(b"edited")
    rendered.clear()
    build(feeds, out, environ=ENV)
    assert rendered == [series_slug(1)]
    assert contents(out) == cold_build(feeds, tmp_path)
    rendered.clear()
    (out / f"de/{series_slug(1)}.html").write_bytes(b"edited again")
    build(feeds, out, environ=ENV)  # its pages were kept again, whole
    assert rendered == []
    assert contents(out) == cold_build(feeds, tmp_path)
