"""Text that tries to start a new iCalendar line. A carriage return or a
line break in a one-line value is refused (tests/test_bad_values.py); where
line breaks are allowed (notes, descriptions), they are escaped: every feed
must still hold exactly one VEVENT per session, and nothing else."""

from __future__ import annotations

import re

from generator.cli import main
from generator.load import load
from generator.validate import validate
from tests.interop.readers import read_icalendar

FORGED = "BEGIN:VEVENT\nUID:forged@example.org\nDTSTART:20250101T000000Z\nSUMMARY:Forged\nEND:VEVENT\nEND:VCALENDAR"


def test_line_breaks_in_notes_never_make_a_second_event(site, capsys):
    note = f"note: |-\n      Before.\n      {FORGED.replace(chr(10), chr(10) + '      ')}\n      After."
    site.edit(
        "series/edge-sprint.yaml",
        "description: Short races at some of the same places, in 2025.",
        f"description: |-\n  Short races.\n  {FORGED.replace(chr(10), chr(10) + '  ')}",
    )
    site.edit(
        "series/edge-sprint.yaml",
        "    name: Dubai Sprint\n",
        f"    name: Dubai Sprint END:VEVENT BEGIN:VEVENT\n    {note}\n",
    )
    site.edit(
        "series/edge-sprint.yaml",
        "        name: Race 1\n",
        f"        name: Race 1\n        {note.replace(chr(10) + '      ', chr(10) + '          ')}\n",
    )
    site.edit(
        "collections/edge-picks.yaml",
        "entry: 'Car #7; drivers A, B \\ C'",
        "entry: 'Car #7 END:VCALENDAR BEGIN:VEVENT UID:x'",
    )
    capsys.readouterr()
    assert main(["build", "--feeds", str(site.feeds), "--out", str(site.out)]) == 0, capsys.readouterr().err
    model = validate(load(site.feeds))
    for feed in model.feeds:
        data = (site.out / f"{feed.slug}.ics").read_bytes()
        lines = data.split(b"\r\n")
        assert lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT") == len(feed.entries), feed.slug
        assert lines.count(b"BEGIN:VCALENDAR") == lines.count(b"END:VCALENDAR") == 1
        assert not [line for line in lines if re.match(rb"(UID|SUMMARY|DTSTART):.*[Ff]orged", line)]
        readings = read_icalendar(data)
        assert sorted(r["uid"].split("@")[0] for r in readings) == sorted(".".join(e.uid_parts) for e in feed.entries)
        assert all("Forged" not in r["summary"] for r in readings)
    (reading,) = [
        r
        for r in read_icalendar((site.out / "edge-sprint.ics").read_bytes())
        if r["uid"].startswith("edge-sprint.2025-dubai.race-1@")
    ]
    assert f"Before.\n{FORGED}\nAfter." in reading["description"]
