"""The HTML renderer without a browser and without the disk: subscribe link
builders (exact strings), same bytes for the same model, escaping, and
what each page holds. The model is built here in Python."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from generator import catalog, timing
from generator.load import load
from generator.model import Event, Model, Season, Series, Session, Site, Venue
from generator.render import Context, render
from generator.render.links import feed_links, google_url, outlook_url, webcal_url
from generator.validate import validate
from tests.conftest import DATA

BASE = "https://example.github.io/race-calendars/"
STAMP = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_webcal_google_and_outlook_links_have_the_exact_form():
    https = BASE + "asian-le-mans-series.ics"
    assert webcal_url(https) == "webcal://example.github.io/race-calendars/asian-le-mans-series.ics"
    assert webcal_url("http://127.0.0.1:8000/all.ics") == "webcal://127.0.0.1:8000/all.ics"
    assert google_url(webcal_url(https)) == (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fexample.github.io%2Frace-calendars%2Fasian-le-mans-series.ics"
    )
    assert outlook_url(https, "Asian Le Mans Series: races") == (
        "https://outlook.live.com/calendar/0/addfromweb"
        "?url=https%3A%2F%2Fexample.github.io%2Frace-calendars%2Fasian-le-mans-series.ics"
        "&name=Asian%20Le%20Mans%20Series%3A%20races"
    )
    # Reserved and non-ASCII characters in a name are percent-encoded as UTF-8.
    assert outlook_url(https, "Rennen & Zeiten: Ö/1").endswith("&name=Rennen%20%26%20Zeiten%3A%20%C3%96%2F1")


def test_feed_links_without_a_base_url_keep_only_the_relative_download():
    feed = model().feeds[0]
    links = feed_links(None, feed)
    assert (links.download, links.https, links.webcal, links.google, links.outlook) == (
        "cup.ics",
        None,
        None,
        None,
        None,
    )
    links = feed_links(BASE, feed)
    assert links.download == "cup.ics"
    assert links.https == "https://example.github.io/race-calendars/cup.ics"
    assert links.webcal == "webcal://example.github.io/race-calendars/cup.ics"


def venue(zone: str = "Asia/Kuala_Lumpur") -> Venue:
    return Venue(
        "sepang", "Sepang International Circuit", "Sepang", "MY", zone, 2.76, 101.74, ("https://example.org/v",)
    )


def session(session_id: str, wall: str | None, day: str, **changes: object) -> Session:
    start = timing.localize(dt.datetime.fromisoformat(wall), "Asia/Kuala_Lumpur") if wall else None
    end = timing.add_elapsed(start, dt.timedelta(hours=4)) if start else None
    values = {
        "id": session_id,
        "kind": "race",
        "name": session_id.title(),
        "status": "scheduled",
        "confidence": "confirmed",
        "start": start,
        "end": end,
        "date": dt.date.fromisoformat(day),
        "note": "",
        "sources": (),
    }
    values.update(changes)
    return Session(**values)  # type: ignore[arg-type]


def model(name: str = "Cup", note: str = "") -> Model:
    site = Site("Calendars", "Races in your time zone.", "calendars.example.org", None)
    seasons = (Season("2023", "2023", "", ()), Season("2024", "2024", note, ()))
    sessions = (
        session("race-1", "2023-12-02 14:00", "2023-12-02", note="Started <late>"),
        session("race-2", None, "2023-12-03", confidence="provisional"),
        session("race-3", "2023-12-04 14:00", "2023-12-04", status="cancelled"),
    )
    event = Event(
        "sepang",
        "4 Hours of Sepang",
        seasons[0],
        venue(),
        "1",
        "scheduled",
        "confirmed",
        "",
        "",
        ("https://example.org/e", "Programme, page 3"),
        sessions,
    )
    series = Series("cup", name, "CUP", "https://example.org", "A cup.", seasons, (event,))
    return Model(site, {"sepang": venue()}, (series,), catalog.feeds(site, (series,), []))


def render_html(the_model: Model, stamp: dt.datetime, base_url: str | None) -> dict[str, bytes]:
    """The site's pages and their files (the feeds left out)."""
    site = render(the_model, Context(the_model.site, stamp, base_url))
    return {path: body for path, body in site.items() if path.endswith((".html", ".css", ".js", ".svg"))}


def test_same_model_same_bytes():
    first = render_html(model(), STAMP, BASE)
    second = render_html(model(), STAMP, BASE)
    assert sorted(first) == [
        "cup.html",
        "de/cup.html",
        "de/index.html",
        "icon.svg",
        "index.html",
        "script.js",
        "style.css",
    ]
    assert first == second


def test_pages_hold_no_build_time_now():
    pages = render_html(model(), STAMP, BASE)
    for path in ("index.html", "cup.html", "de/index.html", "de/cup.html"):
        text = pages[path].decode()
        years = set(re.findall(r"\b20\d\d\b", text))
        assert years <= {"2023", "2024"}, (path, years)


def script_data(page: str) -> dict:
    data = re.search(r'<script id="sessions-data" type="application/json">(.*?)</script>', page, re.S)
    assert data is not None
    assert "<" not in data.group(1)
    return json.loads(data.group(1))


def test_markup_in_names_is_escaped_everywhere():
    pages = render_html(
        model(name="<script>alert(1)</script>", note="</script><img src=x onerror=alert(2)>"), STAMP, BASE
    )
    for path in ("index.html", "cup.html", "de/index.html", "de/cup.html"):
        text = pages[path].decode()
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert text.count("<script") == text.count("</script>")
    index = pages["index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    # The cancelled race is never next: it is not in the page's data.
    assert script_data(index)["feeds"]["cup"] == ["cup.sepang.race-1", "cup.sepang.race-2"]


def test_the_home_page_carries_only_sessions_still_to_come_at_the_build_time():
    after_race_1 = dt.datetime(2023, 12, 2, 12, tzinfo=dt.UTC)
    data = script_data(render_html(model(), after_race_1, BASE)["index.html"].decode())
    assert data["feeds"] == {
        "cup": ["cup.sepang.race-2"],
        "cup-races": ["cup.sepang.race-2"],
        "all": ["cup.sepang.race-2"],
        "all-races": ["cup.sepang.race-2"],
    }
    assert data["sessions"] == {
        "cup.sepang.race-2": {
            "label": "CUP · 4 Hours of Sepang · Race-2",
            "href": "cup.html#cup.sepang.race-2",
            "start": "2023-12-02T16:00:00Z",
            "end": "2023-12-03T16:00:00Z",
            "tbc": True,
            "day": "2023-12-03",
            "race": True,
            "zone": "Asia/Kuala_Lumpur",
            "provisional": True,
            "single": False,
        }
    }


def test_the_home_page_data_does_not_grow_with_past_seasons():
    """Each feed carries at most its next PER_FEED sessions."""
    from generator.render.upcoming import PER_FEED

    the_model = validate(load(DATA / "edge-cases"))
    early = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    data = script_data(render_html(the_model, early, BASE)["index.html"].decode())
    assert data["feeds"] and all(len(keys) <= PER_FEED for keys in data["feeds"].values())
    late = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    assert script_data(render_html(the_model, late, BASE)["index.html"].decode())["sessions"] == {}


def test_schedule_rows_carry_utc_and_venue_times_one_badge_and_the_window_for_the_script():
    pages = render_html(model(), STAMP, BASE)
    page = pages["cup.html"].decode()
    row = re.search(r'<tr id="cup\.sepang\.race-1".*?</tr>', page, re.S).group(0)
    assert 'data-start="2023-12-02T06:00:00Z" data-end="2023-12-02T10:00:00Z"' in row
    assert (
        '<time class="main" datetime="2023-12-02T06:00:00Z" data-end="2023-12-02T10:00:00Z">Sat 2 Dec, 06:00–10:00 UTC</time>'
        in row
    )
    assert (
        '<span class="venue-time" data-zone="Asia/Kuala_Lumpur"><time datetime="2023-12-02T14:00+08:00">Sat 2 Dec, 14:00–18:00 at the circuit (UTC+8)</time></span>'
        in row
    )
    assert "Started &lt;late&gt;" in row
    assert re.findall(r'class="badge[^"]*">([^<]*)<', row) == ["Time confirmed"]
    # TBC: the venue-local day; never "next" once cancelled.
    tbc = re.search(r'<tr id="cup\.sepang\.race-2".*?</tr>', page, re.S).group(0)
    assert 'data-start="2023-12-02T16:00:00Z" data-end="2023-12-03T16:00:00Z"' in tbc and "Sun 3 Dec, time TBC" in tbc
    assert re.findall(r'class="badge[^"]*">([^<]*)<', tbc) == ["Date announced, time not yet published"]
    cancelled = re.search(r'<tr id="cup\.sepang\.race-3".*?</tr>', page, re.S).group(0)
    assert 'data-skip="cancelled"' in cancelled and "<s>Race-3</s>" in cancelled
    assert re.findall(r'class="badge[^"]*">([^<]*)<', cancelled) == ["Cancelled"]
    german = re.search(r'<tr id="cup\.sepang\.race-1".*?</tr>', pages["de/cup.html"].decode(), re.S).group(0)
    assert "So., 3. Dez." in pages["de/cup.html"].decode()
    assert (
        ">Sa., 2. Dez., 06:00–10:00 UTC<" in german and ">Sa., 2. Dez., 14:00–18:00 an der Strecke (UTC+8)<" in german
    )
    assert re.findall(r'class="badge[^"]*">([^<]*)<', german) == ["Uhrzeit bestätigt"]


def test_sources_and_notes_are_behind_a_disclosure():
    page = render_html(model(), STAMP, BASE)["cup.html"].decode()
    details = re.search(
        r'<details class="sources">\s*<summary>Sources and notes</summary>(.*?)</details>', page, re.S
    ).group(1)
    assert "Times confirmed: two sources agree." in details
    assert 'href="https://example.org/e"' in details and "Programme, page 3" in details


def test_seasons_newest_first_with_their_notes():
    page = render_html(model(note="The 2024 calendar has not been published."), STAMP, BASE)["cup.html"].decode()
    assert page.index('id="cup.2024-heading"') < page.index('id="cup.2023-heading"')
    assert "The 2024 calendar has not been published." in page
    pages = render_html(model(note="The 2024 calendar has not been published."), STAMP, BASE)
    assert (
        'data-none="Next session: not yet known. The 2024 calendar has not been published."'
        in pages["index.html"].decode()
    )
    assert (
        'data-none="Nächste Session: noch nicht bekannt. The 2024 calendar has not been published."'
        in pages["de/index.html"].decode()
    )


def test_every_page_names_its_language_and_links_the_other():
    pages = render_html(model(), STAMP, BASE)
    for path, lang, other, other_path in (
        ("index.html", "en", "de", "de/index.html"),
        ("de/cup.html", "de", "en", "../cup.html"),
    ):
        text = pages[path].decode()
        assert f'<html lang="{lang}">' in text
        assert f'<link rel="alternate" hreflang="en" href="{BASE}{path.removeprefix("de/")}">' in text
        assert f'<link rel="alternate" hreflang="de" href="{BASE}de/{path.removeprefix("de/")}">' in text
        assert f'<a href="{other_path}" hreflang="{other}" lang="{other}" data-lang="{other}">' in text
    assert '<link rel="stylesheet" href="../style.css">' in pages["de/cup.html"].decode()
    assert '<a href="../cup.ics" download>cup.ics herunterladen</a>' in pages["de/cup.html"].decode()


@pytest.mark.parametrize("base_url", [None, BASE])
def test_every_page_has_one_h1_lang_landmarks_and_the_csp(base_url):
    for path, body in render_html(model(), STAMP, base_url).items():
        if not path.endswith(".html"):
            continue
        text = body.decode()
        assert text.count("<h1") == 1 and ('<html lang="de">' if path.startswith("de/") else '<html lang="en">') in text
        assert all(tag in text for tag in ("<header", "<main", "<footer", "<nav"))
        assert (
            "Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'"
            in text
        )
        head = "\n".join(
            line for line in text.split("<body")[0].splitlines() if 'rel="alternate"' not in line
        )  # links, never fetched
        assert not re.search(r"""(src|href)=["'](https?:)?//""", head), "no external resource in the head"
        if base_url is None:
            assert ("Subscribe links need the published address of this site" in text) != path.startswith("de/")
            assert 'href="webcal:' not in text and "calendar.google.com" not in text
        else:
            assert "Subscribe links need" not in text and "Abonnement-Links brauchen" not in text
