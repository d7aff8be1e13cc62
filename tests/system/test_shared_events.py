"""Shared events (shared: <series>/<event id>): one race, one UID, in every
feed that counts it and once in all.ics, as three parsers read the published
files; and every wrong reference refused with its exact message. Fixture:
tests/data/shared-events."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.interop.readers import read_ical, read_icalendar, read_vobject

HOME = "series/home-gt.yaml"
WORLD = "series/world-gt.yaml"
WORLD_FILE = "feeds/series/world-gt.yaml"
ONE = "1 problem found; nothing was written"
SPA_UIDS = {
    "home-gt.2027-spa-24h.qualifying@shared.example.org",
    "home-gt.2027-spa-24h.race@shared.example.org",
    "home-gt.2027-spa-12h.race@shared.example.org",
}
BATHURST = "world-gt.2027-bathurst.race@shared.example.org"
PARSERS = {"icalendar": read_icalendar, "vobject": read_vobject, "ical": read_ical}


@pytest.fixture
def site(published):
    return published("shared-events")


def readings(site, name: str, parser: str) -> list[dict[str, str]]:
    return PARSERS[parser]((site.out / name).read_bytes())


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_a_shared_race_has_one_uid_in_both_series_feeds(site, parser):
    home = {r["uid"]: r for r in readings(site, "home-gt.ics", parser)}
    world = {r["uid"]: r for r in readings(site, "world-gt.ics", parser)}
    assert set(home) == SPA_UIDS
    assert set(world) == SPA_UIDS | {BATHURST}
    for uid in SPA_UIDS:
        assert world[uid] == home[uid]  # the same event, written the same way
    assert world["home-gt.2027-spa-24h.race@shared.example.org"]["summary"] == "Home GT · 24 Hours of Spa · Race"
    assert world["home-gt.2027-spa-24h.race@shared.example.org"]["start"] == "2027-06-26T14:30:00Z"


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("name", ["all.ics", "all-races.ics", "world-gt-races.ics"])
def test_a_shared_race_is_listed_once(site, parser, name):
    counts = Counter(r["uid"] for r in readings(site, name, parser))
    assert counts["home-gt.2027-spa-24h.race@shared.example.org"] == 1
    assert set(counts.values()) == {1}


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_a_date_only_race_over_two_days_is_one_all_day_event(site, parser):
    race = {r["uid"]: r for r in readings(site, "world-gt.ics", parser)}["home-gt.2027-spa-12h.race@shared.example.org"]
    assert (race["start"], race["end"]) == ("2027-09-18", "2027-09-20")
    assert (
        "Local time at Circuit de Spa-Francorchamps: Sat 18 Sep 2027 to Sun 19 Sep 2027, time TBC [Europe/Brussels]"
        in race["description"]
    )


def test_the_series_page_lists_the_shared_race_under_its_season(site):
    page = (site.out / "world-gt.html").read_text(encoding="utf-8")
    assert "24 Hours of Spa" in page and "Bathurst 12 Hour" in page


def test_unknown_series(site):
    site.edit(WORLD, "shared: home-gt/2027-spa-24h", "shared: home-gr/2027-spa-24h")
    assert site.refused() == [
        f"{WORLD_FILE}:25: events[1].shared: series 'home-gr' is not in feeds/series/; expected one of: home-gt",
        ONE,
    ]


def test_unknown_event(site):
    site.edit(WORLD, "shared: home-gt/2027-spa-24h", "shared: home-gt/2027-spa-6h")
    assert site.refused() == [
        f"{WORLD_FILE}:25: events[1].shared: event '2027-spa-6h' is not in series 'home-gt'; expected one of: 2027-spa-24h, 2027-spa-12h",
        ONE,
    ]


def test_reference_to_its_own_series(site):
    site.edit(WORLD, "shared: home-gt/2027-spa-24h", "shared: world-gt/2027-bathurst")
    assert site.refused() == [
        f"{WORLD_FILE}:25: events[1].shared: 'world-gt' is this file's own series; list the event here with its id instead of shared:",
        ONE,
    ]


def test_chain_of_references(site):
    site.edit(HOME, "events:\n", 'events:\n  - shared: world-gt/2027-bathurst\n    season: "2027"\n\n')
    site.edit(WORLD, "shared: home-gt/2027-spa-24h", "shared: home-gt/2027-bathurst")
    assert site.refused() == [
        f"{WORLD_FILE}:25: events[1].shared: home-gt/2027-bathurst is itself shared from world-gt/2027-bathurst; refer to world-gt/2027-bathurst directly",
        ONE,
    ]


def test_the_same_reference_twice(site):
    site.edit(WORLD, "shared: home-gt/2027-spa-12h", "shared: home-gt/2027-spa-24h")
    assert site.refused() == [
        f"{WORLD_FILE}:28: events[2].shared: home-gt/2027-spa-24h is already listed on line 25; keep one",
        ONE,
    ]


def test_reference_without_a_slash(site):
    site.edit(WORLD, "shared: home-gt/2027-spa-24h", "shared: home-gt 2027-spa-24h")
    assert site.refused() == [
        f"{WORLD_FILE}:25: events[1].shared: expected <series>/<event id>, like 'gt-world-challenge-europe/2027-spa-24h', got 'home-gt 2027-spa-24h'",
        ONE,
    ]


def test_reference_with_an_event_key(site):
    site.edit(
        WORLD,
        '  - shared: home-gt/2027-spa-24h\n    season: "2027"',
        '  - shared: home-gt/2027-spa-24h\n    season: "2027"\n    venue: spa',
    )
    assert site.refused() == [
        f"{WORLD_FILE}:27: events[1].venue: unknown key 'venue'; expected one of: shared, season",
        ONE,
    ]


def test_reference_to_an_unknown_season(site):
    site.edit(
        WORLD,
        '  - shared: home-gt/2027-spa-24h\n    season: "2027"',
        '  - shared: home-gt/2027-spa-24h\n    season: "2028"',
    )
    assert site.refused() == [
        f"{WORLD_FILE}:26: events[1].season: season '2028' is not in this file's seasons; did you mean '2027'?; add it under seasons:",
        ONE,
    ]


def test_end_date_before_the_date(site):
    site.edit(HOME, "end_date: 2027-09-19", "end_date: 2027-09-17")
    assert site.refused() == [
        "feeds/series/home-gt.yaml:42: events[1].sessions[0].end_date: expected a day 1 to 2 days after date 2027-09-18, got 2027-09-17; check both",
        ONE,
    ]


def test_end_date_with_a_start_time(site):
    site.edit(
        HOME, "        start: 2027-06-26 16:30\n", "        start: 2027-06-26 16:30\n        end_date: 2027-06-27\n"
    )
    assert site.refused() == [
        "feeds/series/home-gt.yaml:29: events[0].sessions[1].end_date: end_date goes with date: (time TBC); with a start time, give duration or end",
        ONE,
    ]
