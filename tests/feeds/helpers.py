"""Helpers for the feed tests: build a fixture into a folder, split .ics
bytes into VEVENTs, and read instants back with independent parsers
(``ical``, which takes TZIDs as IANA names, and ``vobject``, which builds
its zones from our VTIMEZONEs)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import vobject
import yaml
from ical.calendar_stream import IcsCalendarStream

from generator.build import build
from tests.conftest import SOURCE_DATE_EPOCH

UTC = dt.UTC
_VEVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.S)
_VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", re.S)


def build_into(feeds_dir: Path, out_dir: Path, base_url: str | None = None) -> Path:
    build(feeds_dir, out_dir, base_url, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    return out_dir


def unfold(data: bytes) -> bytes:
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def vevents(ics: bytes) -> list[tuple[str, bytes]]:
    """Every VEVENT as (UID, its bytes exactly as written), in file order."""
    found = []
    for block in _VEVENT.findall(ics):
        match = re.search(rb"^UID:(.*)\r$", unfold(block), re.M)
        assert match, block
        found.append((match.group(1).decode("utf-8"), block))
    return found


def uids(ics: bytes) -> list[str]:
    return [uid for uid, _ in vevents(ics)]


def vevent_map(ics: bytes) -> dict[str, bytes]:
    pairs = vevents(ics)
    result = dict(pairs)
    assert len(result) == len(pairs), "a UID appears twice in one feed"
    return result


def vtimezone(ics: bytes, tzid: str) -> str:
    for block in _VTIMEZONE.findall(ics):
        text = unfold(block).decode("utf-8")
        if f"\r\nTZID:{tzid}\r\n" in text:
            return text
    raise AssertionError(f"no VTIMEZONE for {tzid}")


def prop(block: bytes, name: str) -> str:
    """The value of a property line (with its parameters) of one VEVENT: ``;TZID=...:...``."""
    match = re.search(rb"^" + name.encode() + rb"([;:].*)\r$", unfold(block), re.M)
    assert match, f"{name} missing in {block!r}"
    return match.group(1).decode("utf-8")


def ical_times(ics: bytes) -> dict[str, tuple[Any, Any, str]]:
    """UID -> (start, end, STATUS) as read by the ``ical`` package; datetimes in UTC."""
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return {
        event.uid: (_utc(event.dtstart), _utc(event.dtend), str(event.status.value if event.status else ""))
        for event in calendar.events
    }


def vobject_times(ics: bytes) -> dict[str, tuple[Any, Any]]:
    """UID -> (start, end) as read by ``vobject``, whose zones come from the feed's VTIMEZONEs."""
    calendar = vobject.readOne(ics.decode("utf-8"))
    result = {}
    for event in calendar.vevent_list:
        end = event.dtend.value if hasattr(event, "dtend") else None
        result[event.uid.value] = (_utc(event.dtstart.value), _utc(end))
    return result


def _utc(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def feed_slugs(out_dir: Path) -> list[str]:
    return sorted(path.stem for path in out_dir.glob("*.ics"))


def collection_uids(feeds_dir: Path, slug: str, domain: str) -> set[str]:
    """The UIDs a collection names, read from the YAML with PyYAML, not with the generator."""
    definition = _yaml(feeds_dir / "collections" / f"{slug}.yaml")
    expected: set[str] = set()
    for include in definition["include"]:
        series = _yaml(feeds_dir / "series" / f"{include['series']}.yaml")
        wanted, seasons, kinds = (set(include.get(key, ())) for key in ("events", "seasons", "kinds"))
        expected |= {
            f"{include['series']}.{event['id']}.{session['id']}@{domain}"
            for event in series["events"]
            if event["id"] in wanted or event["season"] in seasons
            for session in event["sessions"]
            if not kinds or session["kind"] in kinds
        }
    return expected


def _yaml(path: Path) -> Any:
    # BaseLoader: every scalar a string, as the generator reads it.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


SCHEMA_FILE = Path(__file__).resolve().parents[2] / "generator" / "schema" / "feed-v1.schema.json"


def schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]
