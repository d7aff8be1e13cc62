"""The real feeds/ in a real browser on the day the data was brought up to
date (2026-11-25): a fan must see what is known and what is not.

The expectations are read from the real data's model, not written down, so
that a data update (a 2026/27 ALMS calendar, 2027 WEC times) changes what is
expected instead of breaking the test; the rules checked stay the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from generator.load import load
from generator.model import Series
from generator.validate import validate
from tests.conftest import ROOT
from tests.site.conftest import ServedSite, build_and_serve

pytestmark = pytest.mark.browser

TODAY = "2026-11-25T12:00:00Z"
NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    # An absolute path in place of a fixture name: DATA / "/abs" is "/abs".
    # Built as `make feeds` builds it: SOURCE_DATE_EPOCH is the day the data was brought up to date.
    env = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    yield from build_and_serve(str(ROOT / "feeds"), tmp_path_factory.mktemp("real-site") / "public", env=env)


def real_series() -> dict[str, Series]:
    return {series.slug: series for series in validate(load(ROOT / "feeds")).series}


def upcoming(series: Series):
    """The series' sessions not yet started at NOW, cancelled ones left out, in order."""
    found = []
    for event in series.events:
        for session in event.sessions:
            if session.status == "cancelled":
                continue
            begins = session.start or dt.datetime.combine(session.date, dt.time(), tzinfo=dt.UTC)
            if begins >= NOW:
                found.append((begins.astimezone(dt.UTC), series.slug, event, session))
    return sorted(found, key=lambda item: item[0])


def test_wec_card_names_the_next_event_and_says_whether_it_is_provisional(real_site, visit):
    wec = real_series()["fia-wec"]
    first = upcoming(wec)[0]
    _, slug, event, session = first
    browser = visit(real_site, clock=TODAY)
    browser.open("index.html")
    card = browser.page.locator("#feed-fia-wec p.next")
    assert card.get_attribute("data-key") == f"{slug}.{event.id}.{session.id}"
    text = card.inner_text()
    assert event.name in text
    assert text.startswith("Next session: "), text
    if session.is_tbc:
        assert text.endswith(", time TBC."), text
    browser.assert_clean()


def test_alms_card_says_no_calendar_has_been_published(real_site, visit):
    alms = real_series()["asian-le-mans-series"]
    browser = visit(real_site, clock=TODAY)
    browser.open("index.html")
    card = browser.page.locator("#feed-asian-le-mans-series p.next")
    if upcoming(alms):
        pytest.skip("the ALMS data now has an upcoming session; the fixture site tests cover the unpublished case")
    unpublished = [
        season for season in alms.seasons if season.note and not any(e.season == season for e in alms.events)
    ]
    assert unpublished, "a series with nothing upcoming should say why in a season note"
    assert card.get_attribute("data-key") is None
    assert card.inner_text() == f"Next session: not yet known. {unpublished[-1].note}"
    browser.assert_clean()


def test_the_filter_finds_bachlers_feed(real_site, visit):
    browser = visit(real_site, clock=TODAY)
    browser.open("index.html")
    page = browser.page
    page.fill("#feed-filter", "Bachler")
    shown = page.locator(".card[data-search]").evaluate_all(
        "cards => cards.filter(c => !c.closest('[hidden]')).map(c => c.id)"
    )
    assert shown == ["feed-klaus-bachler"]
    browser.assert_clean()
