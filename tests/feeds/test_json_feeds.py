"""The JSON feeds (<slug>.json) and their schema (schema/feed-v1.json), on fixture builds.

Every feed has a .json with the same sessions, in the same order, as its
.ics; its instants are the ones calendar parsers read from the .ics; every
output validates against the published JSON Schema; bytes are deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator import model
from generator.render.json_feed import SCHEMA_PATH, SCHEMA_VERSION
from tests.conftest import DATA, ROOT, SOURCE_DATE_EPOCH
from tests.feeds.helpers import (
    SCHEMA_FILE,
    build_into,
    feed_slugs,
    ical_times,
    read_json,
    schema_errors,
    schema_validator,
    uids,
)

FIXTURES = sorted(path.name for path in DATA.glob("multi-*") if (path / "site.yaml").is_file())
BASE_URL = "https://calendars.example.org/motorsport/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(DATA / "multi-series", tmp_path_factory.mktemp("json") / "public", BASE_URL)


@pytest.fixture(scope="module")
def validator():
    return schema_validator()


def sessions_of(out: Path, slug: str) -> list[dict]:
    return read_json(out / f"{slug}.json")["sessions"]


def test_schema_is_versioned_and_published_beside_the_feeds(built: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:race-calendars:schema:feed:v{SCHEMA_VERSION}"
    assert SCHEMA_FILE.name == f"feed-v{SCHEMA_VERSION}.schema.json"
    assert f"schema/feed-v{SCHEMA_VERSION}.json" == SCHEMA_PATH
    assert (built / SCHEMA_PATH).read_bytes() == SCHEMA_FILE.read_bytes()
    assert schema["properties"]["schema_version"] == {
        "const": SCHEMA_VERSION,
        "description": schema["properties"]["schema_version"]["description"],
    }


def test_readme_documents_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{SCHEMA_PATH}`" in readme
    assert f'"schema_version": {SCHEMA_VERSION}' in readme


def test_schema_choices_are_the_models(validator) -> None:
    # The schema is a static file: this keeps its enums from drifting away from the validator's.
    defs = validator.schema["$defs"]
    assert tuple(defs["status"]["enum"]) == model.STATUSES
    assert tuple(defs["confidence"]["enum"]) == model.CONFIDENCES
    assert tuple(defs["session_entry"]["properties"]["session"]["properties"]["kind"]["enum"]) == model.KINDS


@pytest.mark.parametrize("fixture", FIXTURES)
@pytest.mark.parametrize("base_url", [None, BASE_URL])
def test_every_json_output_validates_against_the_schema(
    tmp_path: Path, validator, fixture: str, base_url: str | None
) -> None:
    out = build_into(DATA / fixture, tmp_path / "public", base_url)
    outputs = sorted(out.glob("*.json"))
    assert sorted(path.stem for path in outputs) == feed_slugs(out)
    for path in outputs:
        assert schema_errors(validator, read_json(path)) == [], path.name


def test_schema_refuses_what_v1_does_not_say(built: Path, validator) -> None:
    document = read_json(built / "alpha-endurance.json")
    assert schema_errors(validator, document) == []

    def timed(copy: dict) -> dict:
        return next(s for s in copy["sessions"] if not s["session"]["tbc"])

    damages = {
        "an unknown key": lambda d: d.update(colour="red"),
        "a TBC session with a start": lambda d: timed(d)["session"].update(tbc=True),
        "a timed session without a start": lambda d: timed(d).update(start=None),
        "an entry outside a collection": lambda d: d["sessions"][0].update(
            entry={"text": "#1", "sources": ["https://example.org"]}
        ),
        "a local time without offset": lambda d: timed(d)["start"].update(local=timed(d)["start"]["local"][:19]),
        "an empty note instead of null": lambda d: d["sessions"][0]["session"].update(note=""),
        "another schema version": lambda d: d.update(schema_version=2),
    }
    for what, damage in damages.items():
        copy = json.loads(json.dumps(document))
        damage(copy)
        assert schema_errors(validator, copy), f"the schema accepts {what}"


def test_every_feed_has_json_with_the_sessions_of_its_ics(built: Path) -> None:
    for slug in feed_slugs(built):
        document = read_json(built / f"{slug}.json")
        assert document["feed"]["slug"] == slug
        assert [s["uid"] for s in document["sessions"]] == uids((built / f"{slug}.ics").read_bytes()), slug


def test_feed_block_and_urls(built: Path, tmp_path: Path) -> None:
    document = read_json(built / "driver-one.json")
    assert document["schema_version"] == SCHEMA_VERSION
    assert (document["schema"], document["schema_url"]) == (SCHEMA_PATH, BASE_URL + SCHEMA_PATH)
    assert document["feed"] == {
        "slug": "driver-one",
        "title": "Driver One",
        "description": "Driver One's races in Alpha and Beta.",
        "kind": "collection",
        "ics": "driver-one.ics",
        "ics_url": BASE_URL + "driver-one.ics",
        "json": "driver-one.json",
        "json_url": BASE_URL + "driver-one.json",
    }
    no_base = build_into(DATA / "multi-series", tmp_path / "no-base")
    feed = read_json(no_base / "driver-one.json")
    assert (feed["schema_url"], feed["feed"]["ics_url"], feed["feed"]["json_url"]) == (None, None, None)
    kinds = {slug: read_json(built / f"{slug}.json")["feed"]["kind"] for slug in feed_slugs(built)}
    assert kinds == {
        "all": "all",
        "all-races": "all-races",
        "alpha-endurance": "series",
        "alpha-endurance-races": "races",
        "beta-sprint": "series",
        "beta-sprint-races": "races",
        "driver-one": "collection",
        "team-two": "collection",
    }


def test_generated_is_the_build_stamp_not_the_clock(built: Path) -> None:
    stamp = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), dt.UTC)
    assert read_json(built / "all.json")["generated"] == stamp.strftime("%Y-%m-%dT%H:%M:%SZ") == "2023-11-14T22:13:20Z"


def test_instants_match_what_a_calendar_parser_reads_from_the_ics(built: Path) -> None:
    from_ics = ical_times((built / "all.ics").read_bytes())
    for session in sessions_of(built, "all"):
        start, end, _ = from_ics[session["uid"]]
        if session["session"]["tbc"]:
            assert (session["start"], session["end"]) == (None, None)
            assert start == dt.date.fromisoformat(session["date"])
            continue
        assert _instant(session["start"]["utc"]) == start, session["uid"]
        assert _instant(session["end"]["utc"]) == end if session["end"] else end is None
        for moment in filter(None, (session["start"], session["end"])):
            local = dt.datetime.fromisoformat(moment["local"])
            assert local == _instant(moment["utc"]), "local and utc must be one instant"
            venue_zone = ZoneInfo(session["venue"]["timezone"])
            assert local.utcoffset() == local.astimezone(venue_zone).utcoffset(), (
                "local time must carry the venue's offset"
            )
        assert session["date"] == session["start"]["local"][:10]


def test_one_session_in_full(built: Path) -> None:
    race = next(
        s
        for s in sessions_of(built, "alpha-endurance")
        if s["uid"] == "alpha-endurance.2024-sarthe.race@multi.example.org"
    )
    assert race == {
        "uid": "alpha-endurance.2024-sarthe.race@multi.example.org",
        "series": {"slug": "alpha-endurance", "name": "Alpha Endurance Cup", "short_name": "Alpha"},
        "season": {"id": "2024", "name": "2024"},
        "event": {
            "id": "2024-sarthe",
            "name": "24 Hours of the Sarthe",
            "round": "2",
            "status": "scheduled",
            "confidence": "confirmed",
            "url": "https://example.org/alpha-2024-sarthe",
            "note": None,
            "sources": ["https://example.org/a", "https://example.org/b"],
        },
        "session": {
            "id": "race",
            "kind": "race",
            "name": "Race",
            "status": "scheduled",
            "confidence": "confirmed",
            "tbc": False,
            "note": None,
            "sources": [],
        },
        "venue": {
            "id": "sarthe",
            "name": "Circuit de la Sarthe",
            "locality": "Le Mans",
            "country": "FR",
            "timezone": "Europe/Paris",
            "latitude": 47.95,
            "longitude": 0.2125,
        },
        "date": "2024-06-15",
        "start": {"utc": "2024-06-15T14:00:00Z", "local": "2024-06-15T16:00:00+02:00"},
        "end": {"utc": "2024-06-16T14:00:00Z", "local": "2024-06-16T16:00:00+02:00"},
        "entry": None,
    }


def test_tbc_single_source_and_cancelled_sessions(built: Path) -> None:
    by_uid = {s["uid"]: s for s in sessions_of(built, "all")}
    tbc = by_uid["alpha-endurance.2024-fuji.race@multi.example.org"]
    assert (tbc["session"]["tbc"], tbc["date"], tbc["start"], tbc["end"], tbc["event"]["confidence"]) == (
        True,
        "2024-09-15",
        None,
        None,
        "provisional",
    )
    qualifying = by_uid["alpha-endurance.2024-sarthe.qualifying@multi.example.org"]
    assert qualifying["session"]["confidence"] == "single-source"
    assert (qualifying["session"]["note"], qualifying["session"]["sources"]) == (
        "Start time from one source.",
        ["https://example.org/qualifying-time"],
    )
    assert qualifying["end"] is None  # no length published
    cancelled = by_uid["alpha-endurance.2025-lusail.race@multi.example.org"]
    assert (cancelled["event"]["status"], cancelled["session"]["status"]) == ("cancelled", "cancelled")
    assert cancelled["start"] == {"utc": "2025-02-28T11:00:00Z", "local": "2025-02-28T14:00:00+03:00"}
    postponed = by_uid["beta-sprint.2024-sarthe.race-2@multi.example.org"]
    assert postponed["session"]["status"] == "postponed"


def test_collection_sessions_carry_the_entry(built: Path) -> None:
    entries = {s["uid"].split("@")[0]: s["entry"] for s in sessions_of(built, "driver-one")}
    alpha = {"text": "#7 Example Racing, with Driver Two", "sources": ["https://example.org/entry-list"]}
    assert entries == {
        "alpha-endurance.2024-sarthe.fp1": alpha,
        "alpha-endurance.2024-sarthe.qualifying": alpha,
        "alpha-endurance.2024-sarthe.race": alpha,
        "alpha-endurance.2025-sarthe.warmup": alpha,
        "alpha-endurance.2025-sarthe.race": alpha,
        "beta-sprint.2024-interlagos.race": None,
    }
    assert all(s["entry"] is None for s in sessions_of(built, "all"))
    assert all(s["entry"] is None for s in sessions_of(built, "team-two"))


def test_series_list_their_seasons_with_notes(built: Path) -> None:
    document = read_json(built / "all.json")
    alpha, beta = document["series"]
    assert (alpha["slug"], alpha["name"], alpha["short_name"], alpha["url"]) == (
        "alpha-endurance",
        "Alpha Endurance Cup",
        "Alpha",
        "https://example.org/alpha",
    )
    assert [(s["id"], s["name"], s["events"], s["note"], s["sources"]) for s in alpha["seasons"]] == [
        ("2024", "2024", 2, None, ["https://example.org/alpha-2024-calendar"]),
        ("2025", "2025", 2, None, []),
        ("2026-27", "2026/27", 0, "The 2026/27 calendar has not been published.", []),
    ]
    assert beta["slug"] == "beta-sprint"
    assert [s["slug"] for s in read_json(built / "driver-one.json")["series"]] == ["alpha-endurance", "beta-sprint"]
    assert [s["slug"] for s in read_json(built / "team-two.json")["series"]] == ["alpha-endurance"]
    assert [s["slug"] for s in read_json(built / "beta-sprint-races.json")["series"]] == ["beta-sprint"]


def test_bytes_are_deterministic_utf8_with_a_trailing_newline(built: Path, tmp_path: Path) -> None:
    again = build_into(DATA / "multi-series", tmp_path / "again", BASE_URL)
    for path in sorted(built.glob("*.json")):
        body = path.read_bytes()
        assert body == (again / path.name).read_bytes(), path.name
        assert body.endswith(b"}\n") and not body.endswith(b"\n\n")
        assert b"NaN" not in body and b"Infinity" not in body
        assert body.decode("utf-8") == json.dumps(json.loads(body), ensure_ascii=False, indent=2) + "\n"
    # Not ASCII-escaped: a name reads as written.
    assert "Autódromo José Carlos Pace" in (built / "beta-sprint.json").read_text(encoding="utf-8")


def _instant(text: str) -> dt.datetime:
    assert text.endswith("Z")
    return dt.datetime.fromisoformat(text[:-1] + "+00:00")
