"""Publishing is all or nothing: whatever fails, the old site stays exactly
as it was, and ambiguous output is refused."""

from __future__ import annotations

import errno
import os

import pytest

from generator import build as build_module
from generator import publish as publish_module
from generator.build import build
from generator.publish import PublishError, publish
from generator.render import OutputClash
from tests.conftest import SOURCE_DATE_EPOCH, cli, snapshot

ENV = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


@pytest.fixture
def site(published):
    return published("minimal")


def leftovers(site) -> list[str]:
    return sorted(
        p.name
        for p in site.out.parent.iterdir()
        if p.name.startswith(".public.") and not p.name.endswith((".lock", ".published"))
    )


def test_a_render_failure_leaves_the_old_site(site, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(build_module, "render_files", broken)
    with pytest.raises(RuntimeError):
        build(site.feeds, site.out, environ=ENV)
    assert snapshot(site.out) == site.before
    assert leftovers(site) == []


def test_a_write_failure_half_way_leaves_the_old_site(site, monkeypatch):
    real_write_all = publish_module._write_all

    def disk_full(outputs, staging):
        real_write_all(dict(list(outputs.items())[:2]), staging)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(publish_module, "_write_all", disk_full)
    with pytest.raises(PublishError) as error:
        build(site.feeds, site.out, environ=ENV)
    assert str(error.value) == f"could not write {site.out}: No space left on device; the previous site is unchanged"
    assert snapshot(site.out) == site.before
    assert leftovers(site) == []


def test_a_failed_swap_puts_the_old_site_back_at_once(site, monkeypatch):
    # Where the atomic exchange is not available, the old folder is moved
    # aside and the new one renamed in; if that rename fails, the old one
    # must be back before publish returns (it used to wait for the next run).
    monkeypatch.setattr(publish_module, "_exchange", lambda first, second: False)
    real_rename = os.rename

    def rename(source, target):
        if ".public.new-" in str(source):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_rename(source, target)

    monkeypatch.setattr(publish_module.os, "rename", rename)
    with pytest.raises(PublishError):
        build(site.feeds, site.out, environ=ENV)
    assert snapshot(site.out) == site.before
    assert leftovers(site) == []


def test_without_the_atomic_exchange_the_site_is_still_replaced_whole(site, monkeypatch):
    monkeypatch.setattr(publish_module, "_exchange", lambda first, second: False)
    (site.out / "stale.ics").write_bytes(b"from an older build")
    build(site.feeds, site.out, environ=ENV)
    assert not (site.out / "stale.ics").exists()
    assert {k: v[0] for k, v in snapshot(site.out).items()} == {k: v[0] for k, v in site.before.items()}
    assert leftovers(site) == []


def test_a_new_build_replaces_the_whole_folder(site):
    (site.out / "stale.ics").write_bytes(b"from an older build")
    build(site.feeds, site.out, environ=ENV)
    assert not (site.out / "stale.ics").exists()
    assert {k: v[0] for k, v in snapshot(site.out).items()} == {k: v[0] for k, v in site.before.items()}
    assert leftovers(site) == []


def test_an_output_folder_that_cannot_be_created_is_exit_1_with_the_reason(site, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    result = cli("build", "--feeds", str(site.feeds), "--out", str(blocker / "public"))
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr == f"error: could not write {blocker / 'public'}: File exists; the previous site is unchanged\n"
    )


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root can write into a read-only folder; the monkeypatched failures above cover this"
)
def test_a_read_only_parent_folder_leaves_the_old_site(site):
    os.chmod(site.out.parent, 0o555)
    try:
        result = cli("build", "--feeds", str(site.feeds), "--out", str(site.out))
    finally:
        os.chmod(site.out.parent, 0o755)
    assert result.returncode == 1
    assert "Permission denied; the previous site is unchanged" in result.stderr
    assert snapshot(site.out) == site.before


def test_publish_refuses_a_path_that_leaves_the_folder(site):
    with pytest.raises(OutputClash) as error:
        publish({"index.html": b"", "../escaped.html": b"<p>no</p>"}, site.out)
    assert str(error.value) == "output path '../escaped.html' would leave the output folder"
    assert not (site.out.parent / "escaped.html").exists()
    assert snapshot(site.out) == site.before
    assert leftovers(site) == []


def test_a_collection_named_like_a_series_is_refused_before_anything_is_written(site):
    site.write(
        "collections/test-series.yaml",
        b"name: Picks\ndescription: One race.\ninclude:\n  - series: test-series\n    events: [2023-sepang]\n",
    )
    assert site.refused() == [
        "feeds/collections/test-series.yaml: feed name 'test-series' is already used by feeds/series/test-series.yaml; rename this file",
        "1 problem found; nothing was written",
    ]


def test_a_collection_named_all_is_refused_before_anything_is_written(site):
    site.write(
        "collections/all.yaml",
        b"name: Everything\ndescription: Would replace all.ics.\ninclude:\n  - series: test-series\n    events: [2023-sepang]\n",
    )
    assert site.refused() == [
        "feeds/collections/all.yaml: the name 'all' is reserved; rename the file",
        "1 problem found; nothing was written",
    ]


def test_an_output_given_in_parts_is_written_and_hashed_whole(tmp_path):
    import hashlib

    out = tmp_path / "public"
    files = publish([("all.ics", [b"BEGIN:VCALENDAR\r\n", b"", b"END:VCALENDAR\r\n"]), ("a.txt", b"plain")], out)
    assert (out / "all.ics").read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert files["all.ics"][0] == hashlib.sha256(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").hexdigest()
    # The same bytes again, in other parts: nothing is written.
    before = os.stat(out / "all.ics")
    again = publish([("all.ics", [b"BEGIN:VCALENDAR\r\nEND:", b"VCALENDAR\r\n"]), ("a.txt", b"plain")], out)
    assert again == files and os.stat(out / "all.ics").st_mtime_ns == before.st_mtime_ns


def test_an_output_made_in_parts_is_known_by_its_parts_digests(tmp_path):
    """render/parts.py: publish never hashes such an output whole; the same parts again write
    nothing, a changed part writes it again, and so do the same bytes in other parts."""
    import hashlib

    from generator.render import Parts

    def parts(*pieces: bytes) -> Parts:
        return Parts(list(pieces), [hashlib.sha256(piece).digest() for piece in pieces])

    out = tmp_path / "public"
    first = parts(b"BEGIN:VCALENDAR\r\n", b"UID:a\r\n", b"END:VCALENDAR\r\n")
    files = publish([("all.ics", first)], out)
    assert (out / "all.ics").read_bytes() == b"BEGIN:VCALENDAR\r\nUID:a\r\nEND:VCALENDAR\r\n"
    assert files["all.ics"][0] == hashlib.sha256(b"".join(first.part_digests)).hexdigest() == first.digest
    before = os.stat(out / "all.ics")
    assert publish([("all.ics", parts(*first.parts))], out) == files
    assert os.stat(out / "all.ics").st_mtime_ns == before.st_mtime_ns
    changed = publish([("all.ics", parts(b"BEGIN:VCALENDAR\r\n", b"UID:b\r\n", b"END:VCALENDAR\r\n"))], out)
    assert changed["all.ics"] != files["all.ics"]
    assert (out / "all.ics").read_bytes() == b"BEGIN:VCALENDAR\r\nUID:b\r\nEND:VCALENDAR\r\n"
    regrouped = publish([("all.ics", parts(b"BEGIN:VCALENDAR\r\nUID:b\r\n", b"END:VCALENDAR\r\n"))], out)
    assert regrouped["all.ics"][0] != changed["all.ics"][0]
    assert (out / "all.ics").read_bytes() == b"BEGIN:VCALENDAR\r\nUID:b\r\nEND:VCALENDAR\r\n"


def test_parts_refuse_a_digest_short_or_over():
    from generator.render import Parts

    with pytest.raises(ValueError, match=r"^one digest per part$"):
        Parts([b"a", b"b"], [b"\0" * 32])


def test_the_old_folder_is_removed_in_a_thread_the_caller_joins(tmp_path):
    out = tmp_path / "public"
    publish({"a.txt": b"one"}, out)
    tidy: list = []
    publish({"a.txt": b"two"}, out, tidy)
    assert len(tidy) == 1 and tidy[0].name == "tidy"
    tidy[0].join()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", ".public.published", "public"]
    assert (out / "a.txt").read_bytes() == b"two"


def test_a_rebuild_leaves_no_old_folder_behind(tmp_path):
    from benchmarks.corpus import Size, change_one_session, write_corpus

    size = Size(series=3, seasons=2, events=4, sessions=6, venues=20, collections=3)
    feeds = write_corpus(tmp_path / "feeds", size)
    out = tmp_path / "site" / "public"
    build(feeds, out, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    change_one_session(feeds, size)
    build(feeds, out, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    assert sorted(p.name for p in out.parent.iterdir()) == [".cache", ".public.lock", ".public.published", "public"]
