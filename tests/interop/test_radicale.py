"""A real CalDAV server, Radicale, must accept every generated event and
serve it back unchanged in meaning.

Radicale is started on localhost on a free port with a temporary storage
folder and no authentication. Every distinct VEVENT of a build (a session
is the same bytes in every feed, except where a collection adds its entry
text) is uploaded as its own resource (PUT, with the VTIMEZONEs it needs)
into one calendar collection per feed; each upload must be accepted (201 or
204). The collection is then read back with a CalDAV calendar-query REPORT,
and every event must have the UID, summary, status, description, location
and instants that were sent.
"""

from __future__ import annotations

import base64
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.interop.conftest import report
from tests.interop.readers import read_icalendar

USER = "fan"
CALDAV = "urn:ietf:params:xml:ns:caldav"
DAV = "DAV:"
QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>"""
MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>%s</D:displayname></D:prop></D:set>
</C:mkcalendar>"""


class CalDAV:
    def __init__(self, base: str) -> None:
        self.base = base
        self.auth = "Basic " + base64.b64encode(f"{USER}:any".encode()).decode()

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers={"Authorization": self.auth, **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def radicale(tmp_path: Path):
    port = free_port()
    with open(tmp_path / "radicale.log", "wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                "--server-hosts",
                f"127.0.0.1:{port}",
                "--auth-type",
                "none",
                "--storage-filesystem-folder",
                str(tmp_path / "collections"),
                "--logging-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        client = CalDAV(f"http://127.0.0.1:{port}")
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if client.request("PROPFIND", "/", headers={"Depth": "0"})[0] == 207:
                        break
                except OSError:
                    pass
                assert server.poll() is None, (tmp_path / "radicale.log").read_text()
                assert time.monotonic() < deadline, "Radicale did not start within 30 s"
                time.sleep(0.1)
            yield client
        finally:
            server.terminate()
            server.wait(timeout=10)


def vtimezones(feed: bytes) -> dict[bytes, bytes]:
    return {
        re.search(rb"TZID:([^\r]+)", block).group(1): block
        for block in re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", feed, re.S)
    }


def vevents(feed: bytes) -> list[bytes]:
    return re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", feed, re.S)


def resource(event: bytes, zones: dict[bytes, bytes]) -> bytes:
    """One event as a calendar object: the VEVENT as published, with the VTIMEZONEs it names."""
    used = sorted(set(re.findall(rb"TZID=([^:;]+)", event.replace(b"\r\n ", b""))))
    return b"".join(
        [
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//radicale upload//EN\r\n",
            *(zones[name] for name in used),
            event,
            b"END:VCALENDAR\r\n",
        ]
    )


def calendar_data(multistatus: bytes) -> list[bytes]:
    tree = ElementTree.fromstring(multistatus)
    return [node.text.encode("utf-8") for node in tree.iter(f"{{{CALDAV}}}calendar-data")]


@pytest.mark.parametrize("build", ["feeds", "edge-cases"])
def test_radicale_accepts_every_event_and_serves_it_back_unchanged(built, radicale, build):
    one = built(build)
    assert (
        radicale.request("PROPFIND", f"/{USER}/", headers={"Depth": "0"})[0] == 207
    )  # the principal, made on first use
    uploaded: set[bytes] = set()
    sent_total = calendars = 0
    for feed, path in one.feeds():
        data = path.read_bytes()
        zones = vtimezones(data)
        new = [event for event in vevents(data) if event not in uploaded]
        if not new:
            continue
        calendars += 1
        collection = f"/{USER}/{feed.slug}/"
        status, body = radicale.request("MKCALENDAR", collection, MKCALENDAR % feed.slug.encode())
        assert status == 201, body
        sent = {}
        for event in new:
            (reading,) = read_icalendar(resource(event, zones))
            name = urllib.parse.quote(reading["uid"], safe="") + ".ics"
            status, body = radicale.request(
                "PUT", collection + name, resource(event, zones), {"Content-Type": "text/calendar; charset=utf-8"}
            )
            assert status in (201, 204), f"{feed.slug}: {reading['uid']} refused ({status}): {body[:500]!r}"
            sent[reading["uid"]] = reading
            uploaded.add(event)
        status, body = radicale.request(
            "REPORT", collection, QUERY, {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        )
        assert status == 207, body
        served = {}
        for item in calendar_data(body):
            for reading in read_icalendar(item):
                served[reading["uid"]] = reading
        assert served == sent, f"{feed.slug}: served back differently"
        sent_total += len(sent)
    assert sent_total >= one.sessions
    report(
        f"{build}: Radicale accepted and served back unchanged {sent_total} distinct events ({one.sessions} sessions) in {calendars} calendars"
    )
