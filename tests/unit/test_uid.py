"""UIDs come from the series, event and session ids alone, so that a
subscriber's calendar updates an event instead of duplicating it."""

from __future__ import annotations

import re

from tests.unit.yaml_feeds import event, ics, series, session

SEPANG = event(
    "2023-sepang",
    "sepang",
    session("qualifying", "start: 2023-12-02 09:50", kind="qualifying", name="Qualifying")
    + session("race", "start: 2023-12-02 14:00\nduration: 4h"),
)
DUBAI = event("2024-dubai", "dubai-autodrome", session("race", "start: 2024-02-04 13:00\nduration: 4h"))
YAS = event("2024-abu-dhabi", "dubai-autodrome", session("race", "start: 2024-02-11 16:00\nduration: 4h"))


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def events_by_uid(data: bytes) -> dict[str, str]:
    """UID -> the unfolded VEVENT text, for every event of a feed."""
    text = data.decode("utf-8").replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)
    return {re.search(r"^UID:(.*)$", block, re.M).group(1).strip(): block for block in blocks}


def test_uid_is_series_event_and_session_ids_at_the_uid_domain():
    assert sorted(events_by_uid(ics(series(SEPANG)))) == [
        "test-series.2023-sepang.qualifying@calendars.example.org",
        "test-series.2023-sepang.race@calendars.example.org",
    ]


def test_inserting_an_event_mid_season_changes_no_other_uid():
    before = events_by_uid(ics(series(SEPANG, YAS)))
    after = events_by_uid(ics(series(SEPANG, DUBAI, YAS)))
    assert set(after) - set(before) == {"test-series.2024-dubai.race@calendars.example.org"}
    assert set(before) <= set(after)
    for uid, block in before.items():
        assert after[uid] == block


def test_moving_a_session_keeps_its_uid():
    before = events_by_uid(ics(series(SEPANG)))
    moved = changed(SEPANG, "start: 2023-12-02 14:00", "start: 2023-12-03 15:30")
    after = events_by_uid(ics(series(moved)))
    assert set(after) == set(before)
    uid = "test-series.2023-sepang.race@calendars.example.org"
    assert "DTSTART;TZID=Asia/Kuala_Lumpur:20231202T140000" in before[uid]
    assert "DTSTART;TZID=Asia/Kuala_Lumpur:20231203T153000" in after[uid]


def test_tbc_session_keeps_its_uid_once_its_time_is_known():
    tbc = changed(changed(SEPANG, "start: 2023-12-02 14:00", "date: 2023-12-02"), "duration: 4h\n", "")
    before = events_by_uid(ics(series(tbc)))
    after = events_by_uid(ics(series(SEPANG)))
    uid = "test-series.2023-sepang.race@calendars.example.org"
    assert set(before) == set(after)
    assert "DTSTART;VALUE=DATE:20231202" in before[uid]
    assert "DTSTART;TZID=Asia/Kuala_Lumpur:20231202T140000" in after[uid]


def test_renaming_and_reordering_keep_every_uid():
    renamed = changed(changed(SEPANG, "name: Race", "name: Feature Race"), "4 Hours of Test", "4 Hours of Sepang")
    reordered = series(YAS, renamed, DUBAI)
    assert set(events_by_uid(ics(reordered))) == set(events_by_uid(ics(series(SEPANG, DUBAI, YAS))))


def test_a_session_has_one_uid_in_every_feed():
    feeds = series(SEPANG, DUBAI)
    collection = "name: Picks\ndescription: Two races.\ninclude:\n  - series: test-series\n    events: [2024-dubai]\n"
    uid = "test-series.2024-dubai.race@calendars.example.org"
    for name in ("test-series", "test-series-races", "all", "all-races", "picks"):
        assert uid in events_by_uid(ics(feeds, feed=name, collections={"picks": collection})), name
