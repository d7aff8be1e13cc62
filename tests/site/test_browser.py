"""The site in a real browser: Debian chromium via Playwright, against the
fixture site served by generator.serve on localhost. What depends on the
reader (their zone, their clock) is set on the browser context."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, unquote, urljoin, urlsplit
from urllib.request import urlopen

import icalendar
import pytest

from tests.site.conftest import ALMS, SCREENSHOTS

pytestmark = pytest.mark.browser

BETWEEN_DUBAI_AND_ABU_DHABI = "2024-02-06T12:00:00Z"
FIRST_ABU_DHABI_SESSION = f"{ALMS}.2024-abu-dhabi.fp1"
FEED_TITLES = {
    # slug -> the feed's name, percent-encoded by hand as Outlook.com's link carries it
    ALMS: "Asian%20Le%20Mans%20Series",
    f"{ALMS}-races": "Asian%20Le%20Mans%20Series%3A%20races",
    "test-endurance-cup": "Test%20Endurance%20Cup",
    "test-endurance-cup-races": "Test%20Endurance%20Cup%3A%20races",
    "all": "Test%20Race%20Calendars%3A%20every%20series",
    "all-races": "Test%20Race%20Calendars%3A%20every%20race",
    "one-driver": "One%20Driver",
}


def row(page, key: str):
    return page.locator(f'tr[id="{key}"]')


@pytest.mark.parametrize(("zone", "locale", "reader_time", "venue_time"), [
    ("Europe/Vienna", "en-GB", "Sat 2 Dec, 07:00–11:00 CET", "14:00–18:00 at the circuit"),
    ("America/New_York", "en-US", "Sat, Dec 2, 1:00 – 5:00 AM EST", "2:00 – 6:00 PM at the circuit"),
    ("Asia/Kuala_Lumpur", "en-GB", "Sat 2 Dec, 14:00–18:00 GMT+8", None),
])
def test_sepang_race_1_in_the_readers_time_first_and_the_circuits_where_it_differs(alms_site, visit, zone, locale, reader_time, venue_time):
    browser = visit(alms_site, timezone_id=zone, locale=locale)
    browser.open(f"{ALMS}.html")
    race = row(browser.page, f"{ALMS}.2023-sepang.race-1")
    assert race.locator("td.when time.main").inner_text() == reader_time
    assert race.locator("td.when time.main").get_attribute("datetime") == "2023-12-02T06:00:00Z"
    venue = race.locator("td.when .venue-time")
    if venue_time is None:
        assert venue.is_hidden(), "the circuit's clock reads as the reader's"
    else:
        assert venue.inner_text() == venue_time
    browser.assert_clean()


def test_german_reader_in_berlin_sees_german_dates_and_summer_time(alms_site, visit):
    browser = visit(alms_site, timezone_id="Europe/Berlin", locale="de-DE", clock="2024-05-11T08:00:00Z")
    browser.open("de/test-endurance-cup.html")
    page = browser.page
    assert page.locator("html").get_attribute("lang") == "de"
    race = row(page, "test-endurance-cup.2024-spa.race")
    assert race.locator("time.main").inner_text() == "Sa., 11. Mai, 13:00–19:00 Uhr MESZ"
    assert race.locator(".venue-time").is_hidden(), "Spa keeps Berlin's clock"
    assert race.locator(".mark .badge").all_inner_texts() == ["Uhrzeit bestätigt"]
    assert row(page, "test-endurance-cup.2025-spa.race").locator("td.when").inner_text() == "Sa., 10. Mai, Uhrzeit noch offen"
    assert page.locator("#next-link").inner_text() == "Nächste Session: 6 Hours of Spa · Race, Sa., 11. Mai, 13:00–19:00 Uhr MESZ."
    browser.open("de/index.html")
    assert page.locator(".suggest").evaluate_all("hints => hints.every(h => h.hidden)"), "a German reader is not offered English"
    browser.open("index.html")
    assert page.locator('.suggest[data-lang="de"]').is_visible()
    assert page.locator('.suggest[data-lang="de"] a').get_attribute("href") == "de/index.html"
    browser.assert_clean()


def test_next_session_between_dubai_and_abu_dhabi(alms_site, visit):
    browser = visit(alms_site, clock=BETWEEN_DUBAI_AND_ABU_DHABI)
    browser.open(f"{ALMS}.html")
    page = browser.page
    assert page.locator("tr.session.next").evaluate_all("rows => rows.map(r => r.id)") == [FIRST_ABU_DHABI_SESSION]
    assert "Next" in row(page, FIRST_ABU_DHABI_SESSION).locator(".state").inner_text()
    for event in ("2023-sepang", "2024-dubai"):
        rows = page.locator(f'article[id="{ALMS}.{event}"] tr.session')
        assert rows.count() >= 3
        assert rows.evaluate_all("rows => rows.every(r => r.classList.contains('past'))"), event
    assert page.locator(f'article[id="{ALMS}.2024-abu-dhabi"] tr.session.past').count() == 0
    assert page.locator("#next-link a").get_attribute("href") == f"#{FIRST_ABU_DHABI_SESSION}"

    browser.open("index.html")
    card = page.locator(f"#feed-{ALMS} p.next")
    assert card.get_attribute("data-key") == FIRST_ABU_DHABI_SESSION
    assert card.inner_text() == "Next session: ALMS · 4 Hours of Abu Dhabi · Free Practice 1, Fri 9 Feb, 12:00–13:30 CET."
    assert card.locator("a").get_attribute("href") == f"{ALMS}.html#{FIRST_ABU_DHABI_SESSION}"
    # The same rule on every card: races only, every series, and the collection.
    assert page.locator(f"#feed-{ALMS}-races p.next").get_attribute("data-key") == f"{ALMS}.2024-abu-dhabi.race-1"
    assert page.locator("#feed-all p.next").get_attribute("data-key") == FIRST_ABU_DHABI_SESSION
    assert page.locator("#feed-one-driver p.next").get_attribute("data-key") == FIRST_ABU_DHABI_SESSION
    browser.assert_clean()


def test_next_up_lists_the_next_races_and_on_request_every_session(alms_site, visit):
    browser = visit(alms_site, clock=BETWEEN_DUBAI_AND_ABU_DHABI)
    browser.open("index.html")
    page = browser.page
    keys = "items => items.map(i => i.getAttribute('data-key'))"
    assert page.locator(".next-up-list li").evaluate_all(keys) == [
        f"{ALMS}.2024-abu-dhabi.race-1", f"{ALMS}.2024-abu-dhabi.race-2", "test-endurance-cup.2024-spa.race", "test-endurance-cup.2025-spa.race",
    ]
    first = page.locator(".next-up-list li").first
    assert first.inner_text() == "ALMS · 4 Hours of Abu Dhabi · Race 1\nSat 10 Feb, 12:00–16:00 CET · 15:00–19:00 at the circuit"
    assert first.locator("a").get_attribute("href") == f"{ALMS}.html#{ALMS}.2024-abu-dhabi.race-1"
    page.locator('button[data-show="all"]').click()
    assert page.locator('button[data-show="all"]').get_attribute("aria-pressed") == "true"
    assert page.locator(".next-up-list li").evaluate_all(keys)[:2] == [FIRST_ABU_DHABI_SESSION, f"{ALMS}.2024-abu-dhabi.qualifying"]
    browser.assert_clean()


def test_the_filter_finds_a_feed_by_any_word_of_its_name(alms_site, visit):
    browser = visit(alms_site)
    browser.open("index.html")
    page = browser.page
    shown = "cards => cards.filter(c => !c.closest('[hidden]')).map(c => c.id)"
    page.fill("#feed-filter", "driver")
    assert page.locator(".card[data-search]").evaluate_all(shown) == ["feed-one-driver"]
    page.fill("#feed-filter", "tec")
    # Its short name: the cup's feeds, and those that hold its sessions.
    assert page.locator(".card[data-search]").evaluate_all(shown) == ["feed-test-endurance-cup", "feed-test-endurance-cup-races", "feed-all", "feed-all-races", "feed-one-driver"]
    page.fill("#feed-filter", "nothing like it")
    assert page.locator(".card[data-search]").evaluate_all(shown) == []
    assert page.locator(".filter-status").inner_text() == "No feed matches these words."
    page.fill("#feed-filter", "")
    assert len(page.locator(".card[data-search]").evaluate_all(shown)) == 7
    browser.assert_clean()


def test_cards_say_what_is_not_known_yet(alms_site, visit):
    # After the last session of 2024: the cup has only a provisional 2025, the ALMS nothing at all.
    browser = visit(alms_site, clock="2024-12-01T00:00:00Z")
    browser.open("index.html")
    page = browser.page
    cup = page.locator("#feed-test-endurance-cup p.next")
    assert cup.get_attribute("data-key") == "test-endurance-cup.2025-spa.race"
    assert cup.inner_text() == "Next session: TEC · 6 Hours of Spa · Race, Sat 10 May, time TBC."
    alms = page.locator(f"#feed-{ALMS} p.next")
    assert alms.get_attribute("data-key") is None
    assert alms.inner_text() == "Next session: not yet known. The 2024/25 calendar has not been published."
    assert page.locator("#feed-one-driver p.next").inner_text() == "No upcoming session in this feed."
    browser.assert_clean()


def test_one_plain_mark_per_row(alms_site, visit):
    browser = visit(alms_site, clock="2024-05-11T08:00:00Z")
    browser.open("test-endurance-cup.html")
    page = browser.page
    cancelled = row(page, "test-endurance-cup.2024-sao-paulo.race")
    assert cancelled.locator(".badge").all_inner_texts() == ["Cancelled"]
    assert cancelled.locator("th s").inner_text() == "Race"
    assert cancelled.locator("td.when s").count() == 1
    assert page.locator('article[id="test-endurance-cup.2024-sao-paulo"] h3 s').inner_text() == "6 Hours of São Paulo"
    postponed = row(page, "test-endurance-cup.2024-spa.warmup")
    assert postponed.locator(".badge").all_inner_texts() == ["Postponed"]
    assert "next" not in (postponed.get_attribute("class") or ""), "a postponed session is never next"
    assert page.locator("tr.session.next").evaluate_all("rows => rows.map(r => r.id)") == ["test-endurance-cup.2024-spa.race"]
    assert row(page, "test-endurance-cup.2024-spa.qualifying").locator(".badge").all_inner_texts() == ["Time from one source"]
    tbc = row(page, "test-endurance-cup.2025-spa.race")
    assert tbc.locator("td.when").inner_text() == "Sat 10 May, time TBC"
    assert tbc.locator(".badge").all_inner_texts() == ["Date announced, time not yet published"]
    assert page.locator('article[id="test-endurance-cup.2025-spa"] h3 .badge').count() == 0
    rows = page.locator("tr.session")
    assert rows.evaluate_all("rows => rows.every(r => r.querySelectorAll('.badge:not(.badge-next):not(.badge-live)').length === 1)")
    sources = page.locator('article[id="test-endurance-cup.2024-spa"] details.sources')
    assert sources.get_attribute("open") is None and sources.locator("summary").inner_text() == "Sources and notes"
    browser.assert_clean()


def test_every_subscribe_link_has_the_exact_form(alms_site, visit):
    browser = visit(alms_site)
    host = f"127.0.0.1:{alms_site.port}"
    seen: dict[str, list[str]] = {}
    for path in alms_site.pages() + [f"de/{page}" for page in alms_site.pages()]:
        prefix = "../" if path.startswith("de/") else ""
        browser.open(path)
        for block in browser.page.locator(".copy").all():
            slug = block.locator("input").get_attribute("id").removeprefix("url-")
            assert block.locator("input").input_value() == f"http://{host}/{slug}.ics"
        for card in browser.page.locator(".card:has(.subscribe-links)").all():
            slug = card.locator("input.feed-url").get_attribute("id").removeprefix("url-")
            seen.setdefault(path, []).append(slug)
            hrefs = card.locator(".subscribe-links a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert hrefs == [
                f"webcal://{host}/{slug}.ics",
                f"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A{alms_site.port}%2F{slug}.ics",
                f"https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2F127.0.0.1%3A{alms_site.port}%2F{slug}.ics&name={FEED_TITLES[slug]}",
            ], f"{path}: {slug}"
            assert card.locator(".download a").get_attribute("href") == f"{prefix}{slug}.ics"
    assert seen == {
        "index.html": [ALMS, f"{ALMS}-races", "test-endurance-cup", "test-endurance-cup-races", "all", "all-races", "one-driver"],
        f"{ALMS}.html": [ALMS, f"{ALMS}-races"],
        "test-endurance-cup.html": ["test-endurance-cup", "test-endurance-cup-races"],
        "one-driver.html": ["one-driver"],
        **{f"de/{path}": slugs for path, slugs in seen.items() if not path.startswith("de/")},
    }
    assert len(seen) == 8
    browser.assert_clean()


def feed_addresses(link: str, page_url: str) -> str:
    """The http(s) address a subscribe or download link hands to the calendar app."""
    if link.startswith("webcal://"):
        return "http://" + link.removeprefix("webcal://")
    parts = urlsplit(link)
    if parts.hostname == "calendar.google.com":
        return feed_addresses(unquote(parse_qs(parts.query)["cid"][0]), page_url)
    if parts.hostname == "outlook.live.com":
        return parse_qs(parts.query)["url"][0]
    return urljoin(page_url, link)


def test_every_feed_link_fetches_a_calendar_from_the_local_server(alms_site, visit):
    browser = visit(alms_site)
    fetched: dict[str, bytes] = {}
    checked = 0
    for path in alms_site.pages():
        browser.open(path)
        page = browser.page
        links = page.locator(".subscribe-links a, .download a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        links += page.locator("input.feed-url").evaluate_all("inputs => inputs.map(i => i.value)")
        for link in links:
            address = feed_addresses(link, page.url)
            assert address.startswith(alms_site.url) and address.endswith(".ics"), link
            if address not in fetched:
                with urlopen(address, timeout=10) as response:
                    assert response.status == 200
                    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
                    fetched[address] = response.read()
            checked += 1
    assert len(fetched) == 7 and checked > 40
    data_links = set()
    for path in alms_site.pages():
        browser.open(path)
        data_links.update(browser.page.locator(".data-link a").evaluate_all("links => links.map(a => a.href)"))
    assert len(data_links) == 8, "every feed's JSON and the schema"
    for address in data_links:
        with urlopen(address, timeout=10) as response:
            assert (response.status, response.headers["Content-Type"]) == (200, "application/json")
            assert json.loads(response.read())
    for address, body in fetched.items():
        calendar = icalendar.Calendar.from_ical(body)
        assert calendar.name == "VCALENDAR", address
        assert calendar.walk("VEVENT"), address
        assert all(not component.errors for component in calendar.walk()), address
    browser.assert_clean()


def test_no_console_errors_and_no_request_leaves_the_local_server(alms_site, visit):
    for zone, width in (("Europe/Vienna", 1280), ("Asia/Kolkata", 360)):
        browser = visit(alms_site, timezone_id=zone, clock=BETWEEN_DUBAI_AND_ABU_DHABI, viewport={"width": width, "height": 800})
        requested: list[str] = []
        browser.page.on("request", lambda request: requested.append(request.url))
        for path in alms_site.pages():
            browser.open(path)
            browser.page.wait_for_load_state("networkidle")
        assert requested and all(url.startswith(alms_site.url) for url in requested)
        browser.assert_clean()


def test_markup_in_names_is_shown_as_text_and_never_run(hostile_site, visit):
    browser = visit(hostile_site, clock="2024-03-01T00:00:00Z")
    page = browser.page
    for path in hostile_site.pages():
        browser.open(path)
        page.wait_for_load_state("networkidle")
        assert page.locator("img:not(.brand img), svg, iframe, b, i").count() == 0, path
        assert page.locator("script").evaluate_all("scripts => scripts.map(s => s.getAttribute('src') || s.type)") in (["script.js", "application/json"], ["script.js", "application/json", "application/json"]), path
    browser.open("hostile-cup.html")
    assert page.locator("h1").inner_text() == "<script>alert(1)</script> Cup"
    assert page.title() == "<script>alert(1)</script> Cup: schedule · Hostile </title><script>alert('title')</script> Calendars"
    assert page.locator("tr.session.next th .name").inner_text() == "<img src=x onerror=alert('session')>"
    browser.open("index.html")
    card = page.locator("#feed-hostile-cup")
    assert card.locator("h4").inner_text() == "<script>alert(1)</script> Cup"
    assert card.locator("p.next a").inner_text() == "<img src=x onerror=alert(1)> · \"><img src=x onerror=alert('event')> · <img src=x onerror=alert('session')>"
    data = json.loads(page.locator("#sessions-data").text_content())
    assert data["sessions"]["hostile-cup.2024-sepang.race-2"]["label"].endswith("Race 2 </script><script>alert('json')</script>")
    browser.assert_clean()


def test_copy_button_puts_the_feed_address_on_the_clipboard(alms_site, visit):
    browser = visit(alms_site, permissions=["clipboard-read", "clipboard-write"])
    browser.open("index.html")
    page = browser.page
    page.locator(f"#feed-{ALMS} details.subscribe summary").click()
    button = page.locator(f"#feed-{ALMS} button.copy-button")
    assert button.evaluate("b => b.tagName") == "BUTTON" and button.is_visible()
    button.click()
    status = page.locator(f"#feed-{ALMS} .copy-status")
    # The text is set once the clipboard's promise settles: wait for it, not for the element.
    status.filter(has_text="Copied the feed address.").wait_for(state="visible")
    assert status.inner_text() == "Copied the feed address."
    assert page.evaluate("navigator.clipboard.readText()") == f"{alms_site.url}{ALMS}.ics"
    browser.assert_clean()


def test_without_javascript_the_schedule_shows_venue_and_utc_times(alms_site, visit):
    browser = visit(alms_site, java_script_enabled=False)
    browser.open(f"{ALMS}.html")
    page = browser.page
    race = row(page, f"{ALMS}.2023-sepang.race-1")
    assert race.locator("td.when").inner_text() == "Sat 2 Dec, 06:00–10:00 UTC\nSat 2 Dec, 14:00–18:00 at the circuit (UTC+8)"
    assert page.locator("tr.session.next, tr.session.past").count() == 0
    assert page.locator("button.copy-button").first.is_hidden()
    browser.open("index.html")
    assert page.locator("p.next").first.is_hidden()
    assert page.locator(".next-up-list li").first.inner_text() == "ALMS · 4 Hours of Sepang · Race 1\nSat 2 Dec, 06:00–10:00 UTC · Sat 2 Dec, 14:00–18:00 at the circuit (UTC+8)"
    assert page.locator(f"#feed-{ALMS} .subscribe-links a").count() == 3


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots_and_no_sideways_scrolling(alms_site, visit, width):
    """Saved on every run for a person to look at; the pages must fit the width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser = visit(alms_site, clock=BETWEEN_DUBAI_AND_ABU_DHABI, viewport={"width": width, "height": 900})
    for path in ("index.html", f"{ALMS}.html", "test-endurance-cup.html", "de/index.html", f"de/{ALMS}.html"):
        browser.open(path)
        page = browser.page
        page.screenshot(path=str(SCREENSHOTS / f"{path.removesuffix('.html').replace('/', '-')}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width} px"
    browser.assert_clean()


def test_keyboard_focus_is_visible(alms_site, visit):
    browser = visit(alms_site)
    browser.open("index.html")
    page = browser.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator("a.skip").is_visible()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "solid 3px"
    browser.assert_clean()
