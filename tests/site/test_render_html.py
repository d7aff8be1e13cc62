"""The HTML renderer without a browser and without the disk: subscribe link
builders (exact strings), same bytes for the same model, escaping, and
what each page holds. The model is built here in Python."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import jinja2
from markupsafe import Markup
import pytest


from generator import catalog, timing
from generator.render import Context, render, series_results
from generator.render import views as html_view
from generator.render.compose import Placement
from generator.load import load
from generator.model import Event, Model, Season, Series, Session, Site, Venue
from generator.render.pages import DATA_MARK, _page, _page_parts, feed_links, google_url, outlook_url, templates, webcal_url
from generator.validate import validate
from tests.conftest import DATA

BASE = "https://example.github.io/race-calendars/"


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
    assert (links.download, links.https, links.webcal, links.google, links.outlook) == ("cup.ics", None, None, None, None)
    links = feed_links(BASE, feed)
    assert links.download == "cup.ics"
    assert links.https == "https://example.github.io/race-calendars/cup.ics"
    assert links.webcal == "webcal://example.github.io/race-calendars/cup.ics"


def venue(zone: str = "Asia/Kuala_Lumpur") -> Venue:
    return Venue("sepang", "Sepang International Circuit", "Sepang", "MY", zone, 2.76, 101.74, ("https://example.org/v",))


def session(session_id: str, wall: str | None, day: str, **changes: object) -> Session:
    start = timing.localize(dt.datetime.fromisoformat(wall), "Asia/Kuala_Lumpur") if wall else None
    end = timing.add_elapsed(start, dt.timedelta(hours=4)) if start else None
    values = dict(id=session_id, kind="race", name=session_id.title(), status="scheduled", confidence="confirmed", start=start, end=end, date=dt.date.fromisoformat(day), note="", sources=())
    values.update(changes)
    return Session(**values)  # type: ignore[arg-type]


STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def render_html(the_model: Model, base_url: str | None) -> dict[str, bytes]:
    """The site's pages and their files (the feeds left out)."""
    site = render(the_model, Context(the_model.site, STAMP, base_url))
    return {path: body for path, body in site.items() if path.endswith((".html", ".css", ".js", ".svg"))}


def index_json(the_model: Model) -> str:
    """The index's data block as the build writes it, from each series' pieces."""
    results = series_results(the_model, Context(the_model.site, STAMP, BASE))
    return html_view.index_data_json(the_model, {slug: result.blocks for slug, result in results.items()}, Placement(the_model).table({slug: result.keys for slug, result in results.items()}))


def model(name: str = "Cup", note: str = "") -> Model:
    site = Site("Calendars", "Races in your time zone.", "calendars.example.org", None)
    seasons = (Season("2023", "2023", "", ()), Season("2024", "2024", note, ()))
    sessions = (
        session("race-1", "2023-12-02 14:00", "2023-12-02", note="Started <late>"),
        session("race-2", None, "2023-12-03", confidence="provisional"),
        session("race-3", "2023-12-04 14:00", "2023-12-04", status="cancelled"),
    )
    event = Event("sepang", "4 Hours of Sepang", seasons[0], venue(), "1", "scheduled", "confirmed", "", "", ("https://example.org/e", "Programme, page 3"), sessions)
    series = Series("cup", name, "CUP", "https://example.org", "A cup.", seasons, (event,))
    return Model(site, {"sepang": venue()}, (series,), catalog.feeds(site, (series,), []))


def test_same_model_same_bytes():
    first = render_html(model(), BASE)
    second = render_html(model(), BASE)
    assert sorted(first) == ["cup.html", "icon.svg", "index.html", "script.js", "style.css"]
    assert first == second


def test_pages_hold_no_build_time_now():
    pages = render_html(model(), BASE)
    for path in ("index.html", "cup.html"):
        text = pages[path].decode()
        years = set(re.findall(r"\b20\d\d\b", text))
        assert years <= {"2023", "2024"}, (path, years)


def test_markup_in_names_is_escaped_everywhere():
    pages = render_html(model(name="<script>alert(1)</script>", note="</script><img src=x onerror=alert(2)>"), BASE)
    for path in ("index.html", "cup.html"):
        text = pages[path].decode()
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert text.count("<script") == text.count("</script>")
    index = pages["index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    data = re.search(r'<script id="sessions-data" type="application/json">(.*?)</script>', index, re.S)
    assert data is not None
    assert "<" not in data.group(1)
    assert json.loads(data.group(1))["feeds"]["cup"] == ["cup.sepang.race-1", "cup.sepang.race-2", "cup.sepang.race-3"]


@pytest.mark.parametrize("folder", ["edge-cases", "multi-series", "paris", "golden-basic", "minimal", "markup"])
def test_index_data_is_written_as_tojson_writes_it(folder):
    """The index's data block is assembled from each session's text: the bytes of
    ``{{ index_data(model) | tojson }}`` (keys sorted, HTML-safe escapes)."""
    if folder == "markup":
        the_model = model(name="<b>Cup & 'Co'</b> Zoë", note="</script>")
    else:
        the_model = validate(load(DATA / folder))
    assembled = index_json(the_model)
    reference = jinja2.utils.htmlsafe_json_dumps(html_view.index_data(the_model), sort_keys=True)
    assert str(assembled) == str(reference)


@pytest.mark.parametrize("name", ["Cup", f"Cup {DATA_MARK}", f"{DATA_MARK} Cup {DATA_MARK}"])
def test_the_index_data_placed_in_the_page_bytes_is_the_page_jinja_renders(name):
    """The data block is placed in the index's bytes after rendering, not passed through the
    template: the same page, also when a name holds the mark it is placed at."""
    the_model = model(name=name)
    env = templates()
    env.globals.update(site=dataclasses.replace(the_model.site, title=name), base_url=BASE, confidence_text={}, is_link=html_view.is_link, schema_path="schema/feed-v1.json")
    env.filters["href"] = html_view.href
    data = Markup(index_json(the_model))
    assert b"".join(_page_parts(env, "index.html", data, cards=[], groups=[])) == _page(env, "index.html", data=data, cards=[], groups=[])
    page = render_html(the_model, BASE)["index.html"].decode()
    assert page.count('<script id="sessions-data"') == 1 and str(data) in page


def test_schedule_rows_carry_venue_utc_and_the_window_for_the_script():
    page = render_html(model(), BASE)["cup.html"].decode()
    row = re.search(r'<tr id="cup\.sepang\.race-1".*?</tr>', page, re.S).group(0)
    assert 'data-start="2023-12-02T06:00:00Z" data-end="2023-12-02T10:00:00Z"' in row
    assert '<time datetime="2023-12-02T14:00+08:00">Sat 2 Dec 14:00 (UTC+8)</time>' in row
    assert '<time datetime="2023-12-02T06:00:00Z" data-local="">Sat 2 Dec 06:00 UTC</time>' in row
    assert "until 18:00" in row and "Started &lt;late&gt;" in row
    # TBC: the venue-local day, in UTC; never "next" once cancelled.
    tbc = re.search(r'<tr id="cup\.sepang\.race-2".*?</tr>', page, re.S).group(0)
    assert 'data-start="2023-12-02T16:00:00Z" data-end="2023-12-03T16:00:00Z"' in tbc and "time TBC" in tbc
    assert "Provisional" in tbc
    cancelled = re.search(r'<tr id="cup\.sepang\.race-3".*?</tr>', page, re.S).group(0)
    assert 'data-skip="cancelled"' in cancelled and "<s>Race-3</s>" in cancelled and ">Cancelled<" in cancelled


def test_seasons_newest_first_with_their_notes():
    page = render_html(model(note="The 2024 calendar has not been published."), BASE)["cup.html"].decode()
    assert page.index('id="cup.2024-heading"') < page.index('id="cup.2023-heading"')
    assert "The 2024 calendar has not been published." in page
    index = render_html(model(note="The 2024 calendar has not been published."), BASE)["index.html"].decode()
    assert 'data-none="Next session: not yet known. The 2024 calendar has not been published."' in index


@pytest.mark.parametrize("base_url", [None, BASE])
def test_every_page_has_one_h1_lang_landmarks_and_the_csp(base_url):
    for path, body in render_html(model(), base_url).items():
        if not path.endswith(".html"):
            continue
        text = body.decode()
        assert text.count("<h1") == 1 and '<html lang="en">' in text
        assert all(tag in text for tag in ("<header", "<main", "<footer", "<nav"))
        assert "Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'" in text
        assert not re.search(r"""(src|href)=["'](https?:)?//""", text.split("<main")[0]), "no external resource in the head"
        if base_url is None:
            assert "Subscribe links need the published address of this site" in text
            assert 'href="webcal:' not in text and "calendar.google.com" not in text
        else:
            assert "Subscribe links need" not in text
