"""Class and driver feeds on the site: listed on the index with subscribe
links and a schedule page each; a driver's page says, per event, which car
and class and with whom (tests/data/golden-classes)."""

from __future__ import annotations

import re

from generator.load import load
from generator.render import Context, render
from generator.validate import validate
from tests.conftest import DATA
from tests.unit.yaml_feeds import STAMP

BASE_URL = "https://calendars.example.org/"


def site() -> dict[str, bytes]:
    checked = validate(load(DATA / "golden-classes"))
    return render(checked, Context(checked.site, STAMP, BASE_URL))


def section(index: str, heading_id: str) -> str:
    start = index.index(f'id="{heading_id}"')
    end = index.index("</section>", start)
    return index[start:end]


def test_the_index_lists_class_and_driver_feeds_with_subscribe_links():
    index = site()["index.html"].decode("utf-8")
    classes = section(index, "series-heading")  # "Series and classes"
    for slug in ("class-cup-proto", "class-cup-gt", "class-cup-gt-am"):
        assert f"webcal://calendars.example.org/{slug}.ics" in classes, slug
        assert f'href="{slug}.html"' in classes, slug
    drivers = section(index, "collections-heading")  # "Drivers and teams"
    assert "webcal://calendars.example.org/driver-one.ics" in drivers
    assert 'href="driver-one.html"' in drivers
    assert "Driver One" in drivers


def test_a_driver_page_says_per_event_which_car_and_class_and_with_whom():
    page = site()["driver-one.html"].decode("utf-8")
    events = []
    for chunk in page.split('<h3 id="')[1:]:
        name = re.search(r'-name">([^<]*)', chunk)
        entry = re.search(r'<p class="entry">Entry: ([^<]*)</p>', chunk)
        if name:
            events.append((name.group(1).strip(), entry.group(1) if entry else None))
    assert events == [
        ("6 Hours of São Paulo", "Other Team Example GT3 (GT Am), with Driver Four"),
        ("6 Hours of Le Mans", "#7 Example Racing Example GT3 (GT), with Driver Two and Driver Three"),
    ]
    assert "Qualifying (Prototype)" not in page


def test_a_class_page_holds_its_class_sessions_only():
    page = site()["class-cup-gt.html"].decode("utf-8")
    assert "Qualifying (GT)" in page and "Free Practice" in page
    assert "Qualifying (Prototype)" not in page
