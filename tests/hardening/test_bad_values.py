"""Wrong values in the feeds, beyond the basic cases of
tests/system/test_invalid_fields.py: wrong types, impossible dates and
times, durations and ends, sessions far from their event, ids and names that
could leave public/, URLs that are not web pages, and text that would start
a new iCalendar line or reorder what is shown. Each is one change to
tests/data/edge-cases and must give its exact messages (file, line, field
path, what was expected, what was found), exit status 1 and an unchanged
public/."""

from __future__ import annotations

import pytest

S = "series/edge-sprint.yaml"
E = "series/edge-endurance.yaml"
V = "venues.yaml"
C = "collections/edge-picks.yaml"
JS = "javascript:alert(1)"

CASES = [
    # wrong types
    pytest.param(
        S,
        "name: Edge Sprint Cup",
        "name: [Edge, Sprint]",
        ["feeds/series/edge-sprint.yaml:2: name: expected text, got a list"],
        id="list-for-text",
    ),
    pytest.param(
        S,
        "short_name: Sprïnt",
        "short_name: {a: b}",
        ["feeds/series/edge-sprint.yaml:3: short_name: expected text, got a mapping"],
        id="mapping-for-text",
    ),
    pytest.param(
        S,
        "short_name: Sprïnt",
        "short_name:",
        ["feeds/series/edge-sprint.yaml:3: short_name: expected text, got an empty value"],
        id="empty-for-text",
    ),
    pytest.param(
        S,
        "sources: [https://example.org/sprint-dubai]",
        "sources: {a: b}",
        [
            "feeds/series/edge-sprint.yaml:17: events[0].sources: expected a list (lines starting with '- '), got a mapping"
        ],
        id="mapping-for-list",
    ),
    pytest.param(
        C,
        "kinds: [race]",
        "kinds: race",
        [
            "feeds/collections/edge-picks.yaml:11: include[1].kinds: expected a list (lines starting with '- '), got 'race'"
        ],
        id="text-for-list",
    ),
    pytest.param(
        S,
        "      - id: race-1\n",
        "      - - a\n      - id: race-1\n",
        [
            "feeds/series/edge-sprint.yaml:19: events[0].sessions[0]: expected a mapping with keys id, kind, name, start, date, end_date, duration, end, utc_offset, status, confidence, sources, note, classes, got a list"
        ],
        id="list-for-mapping",
    ),
    pytest.param(
        S,
        "events:\n",
        "events:\n  - hello\n",
        [
            "feeds/series/edge-sprint.yaml:12: events[0]: expected a mapping with keys id, season, name, venue, confidence, sources, sessions, status, round, url, note, got 'hello'"
        ],
        id="text-for-mapping",
    ),
    pytest.param(
        V,
        "  cota:\n    name: Circuit of the Americas\n",
        "  cota: Circuit of the Americas\n  cota-2:\n    name: Circuit of the Americas\n",
        [
            "feeds/venues.yaml:21: venues.cota: expected a mapping with keys name, locality, country, timezone, latitude, longitude, sources, got 'Circuit of the Americas'",
            "feeds/series/edge-endurance.yaml:79: events[2].venue: venue 'cota' is not in feeds/venues.yaml; did you mean 'cota-2'?",
            "feeds/series/edge-endurance.yaml:98: events[3].venue: venue 'cota' is not in feeds/venues.yaml; did you mean 'cota-2'?",
        ],
        id="text-for-venue",
    ),
    pytest.param(
        V,
        "latitude: 47.95",
        "latitude: [47.95]",
        ["feeds/venues.yaml:10: venues.bugatti.latitude: expected text, got a list"],
        id="list-for-number",
    ),
    pytest.param(
        V,
        "latitude: 47.95",
        "latitude: nan",
        ["feeds/venues.yaml:10: venues.bugatti.latitude: expected a decimal number from -90 to 90, got 'nan'"],
        id="nan-latitude",
    ),
    pytest.param(
        V,
        "longitude: 0.2125",
        "longitude: inf",
        ["feeds/venues.yaml:11: venues.bugatti.longitude: expected a decimal number from -180 to 180, got 'inf'"],
        id="infinite-longitude",
    ),
    pytest.param(
        S,
        "short_name: Sprïnt",
        "short_name: Sprïnt\nmax_seasons: [1]",
        ["feeds/series/edge-sprint.yaml:4: max_seasons: expected text, got a list"],
        id="list-for-max-seasons",
    ),
    # impossible dates and times
    pytest.param(
        S,
        "start: 2025-03-30 01:00",
        "start: 2025-03-30 24:00",
        [
            "feeds/series/edge-sprint.yaml:40: events[1].sessions[0].start: expected \"YYYY-MM-DD HH:MM\", got '2025-03-30 24:00'; the hour must be 00-23"
        ],
        id="hour-24",
    ),
    pytest.param(
        S,
        "start: 2025-03-30 01:00",
        "start: 2025-03-30 01:60",
        [
            "feeds/series/edge-sprint.yaml:40: events[1].sessions[0].start: expected \"YYYY-MM-DD HH:MM\", got '2025-03-30 01:60'; the minute must be 00-59"
        ],
        id="minute-60",
    ),
    pytest.param(
        S,
        "end: 2025-03-30 04:00",
        "end: 2025-02-29 04:00",
        [
            "feeds/series/edge-sprint.yaml:41: events[1].sessions[0].end: expected \"YYYY-MM-DD HH:MM\", got '2025-02-29 04:00'; 2025-02 has days 01-28"
        ],
        id="29-february-2025",
    ),
    pytest.param(
        S,
        "date: 2025-01-18",
        "date: 2025-13-18",
        [
            "feeds/series/edge-sprint.yaml:22: events[0].sessions[0].date: expected \"YYYY-MM-DD\", got '2025-13-18'; the month must be 01-12"
        ],
        id="month-13",
    ),
    pytest.param(
        S,
        "date: 2025-01-18",
        "date: 0000-01-18",
        [
            "feeds/series/edge-sprint.yaml:22: events[0].sessions[0].date: expected \"YYYY-MM-DD\", got '0000-01-18'; the year must be 1900-2037 (time zone rules are known up to 2037)"
        ],
        id="year-0",
    ),
    pytest.param(
        S,
        "date: 2025-01-18",
        "date: 10000-01-18",
        ["feeds/series/edge-sprint.yaml:22: events[0].sessions[0].date: expected \"YYYY-MM-DD\", got '10000-01-18'"],
        id="five-digit-year",
    ),
    pytest.param(
        S,
        "date: 2025-01-18",
        "date: 2025-01-18 10:00",
        [
            "feeds/series/edge-sprint.yaml:22: events[0].sessions[0].date: expected \"YYYY-MM-DD\", got '2025-01-18 10:00'"
        ],
        id="time-in-a-date",
    ),
    pytest.param(
        S,
        "start: 2025-03-30 01:00",
        "start: 2025-03-30 01:00:00",
        [
            "feeds/series/edge-sprint.yaml:40: events[1].sessions[0].start: expected \"YYYY-MM-DD HH:MM\", got '2025-03-30 01:00:00'"
        ],
        id="seconds",
    ),
    pytest.param(
        S,
        "start: 2025-03-30 01:00",
        "start: 2025-03-30T01:00",
        [
            "feeds/series/edge-sprint.yaml:40: events[1].sessions[0].start: expected \"YYYY-MM-DD HH:MM\", got '2025-03-30T01:00'"
        ],
        id="iso-t",
    ),
    # durations, ends
    pytest.param(
        S,
        "duration: 45m",
        "duration: 0h0m",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got '0h0m'"
        ],
        id="zero-hours-zero-minutes",
    ),
    pytest.param(
        S,
        "duration: 45m",
        "duration: -45m",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got '-45m'"
        ],
        id="negative-minutes",
    ),
    pytest.param(
        S,
        "duration: 45m",
        "duration: 1.5h",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got '1.5h'"
        ],
        id="decimal-hours",
    ),
    pytest.param(
        S,
        "duration: 45m",
        "duration: PT45M",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got 'PT45M'"
        ],
        id="iso-duration",
    ),
    pytest.param(
        S,
        "duration: 45m",
        "duration: 4 h",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got '4 h'"
        ],
        id="space-in-duration",
    ),
    pytest.param(
        S,
        "duration: 45m",
        "duration: 49h",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected at most 48 hours (the longest races last 24), got '49h'; check the duration"
        ],
        id="duration-49-hours",
    ),
    pytest.param(
        S,
        "duration: 45m",
        "duration: 999h9999m",
        [
            "feeds/series/edge-sprint.yaml:56: events[2].sessions[0].duration: expected at most 48 hours (the longest races last 24), got '999h9999m'; check the duration"
        ],
        id="duration-6-weeks",
    ),
    pytest.param(
        S,
        "end: 2025-03-30 04:00",
        "end: 2025-03-30 01:00",
        [
            "feeds/series/edge-sprint.yaml:41: events[1].sessions[0].end: end 2025-03-30 01:00 is not after start 2025-03-30 01:00; check both"
        ],
        id="end-equals-start",
    ),
    pytest.param(
        S,
        "end: 2025-03-30 04:00",
        "end: 2026-03-30 04:00",
        [
            "feeds/series/edge-sprint.yaml:41: events[1].sessions[0].end: end 2026-03-30 04:00 is 8762 hours after start 2025-03-30 01:00; a session lasts at most 48 hours: check both"
        ],
        id="end-a-year-later",
    ),
    pytest.param(
        S,
        "end: 2025-03-30 04:00",
        "end: 2025-03-30 02:30",
        [
            'feeds/series/edge-sprint.yaml:41: events[1].sessions[0].end: 2025-03-30 02:30 does not exist in Europe/Paris (clocks go forward); it could mean 2025-03-30 00:30 UTC (utc_offset: "+02:00") or 2025-03-30 01:30 UTC (utc_offset: "+01:00"); give duration instead'
        ],
        id="end-in-the-gap",
    ),
    pytest.param(
        E,
        'utc_offset: "+11:00"',
        'utc_offset: "+09:00"',
        [
            "feeds/series/edge-endurance.yaml:163: events[6].sessions[0].start: utc_offset +09:00 is not in force at 2025-04-06 02:30 in Australia/Melbourne; valid: +11:00, +10:00"
        ],
        id="offset-not-in-force",
    ),
    pytest.param(
        E,
        'utc_offset: "+11:00"',
        'utc_offset: "11"',
        [
            "feeds/series/edge-endurance.yaml:164: events[6].sessions[0].utc_offset: expected an offset like \"+02:00\", got '11'"
        ],
        id="offset-malformed",
    ),
    pytest.param(
        S,
        "date: 2025-01-18",
        'date: 2025-01-18\n        utc_offset: "+04:00"',
        [
            'feeds/series/edge-sprint.yaml:23: events[0].sessions[0].utc_offset: utc_offset needs a start time; replace date: with start: "YYYY-MM-DD HH:MM"'
        ],
        id="offset-on-a-tbc-day",
    ),
    # sessions far outside their event's dates
    pytest.param(
        S,
        "date: 2025-01-19",
        "date: 2025-03-19",
        [
            "feeds/series/edge-sprint.yaml:18: events[0].sessions: session 'race-2' on 2025-03-19 is 60 days after the event's first session ('race-1' on 2025-01-18); an event spans at most 14 days: check the dates"
        ],
        id="session-two-months-later",
    ),
    pytest.param(
        S,
        "date: 2025-01-18",
        "date: 2024-01-18",
        [
            "feeds/series/edge-sprint.yaml:18: events[0].sessions: session 'race-2' on 2025-01-19 is 367 days after the event's first session ('race-1' on 2024-01-18); an event spans at most 14 days: check the dates"
        ],
        id="session-a-year-earlier",
    ),
    # ids, slugs and file names that could leave public/
    pytest.param(
        S,
        "- id: 2025-dubai",
        "- id: 2025/dubai",
        [
            "feeds/series/edge-sprint.yaml:12: events[0].id: expected an event id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got '2025/dubai'"
        ],
        id="event-id-with-slash",
    ),
    pytest.param(
        S,
        "- id: 2025-dubai",
        "- id: ..",
        [
            "feeds/series/edge-sprint.yaml:12: events[0].id: expected an event id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got '..'"
        ],
        id="event-id-dot-dot",
    ),
    pytest.param(
        S,
        "- id: 2025-dubai",
        "- id: 2025--dubai",
        [
            "feeds/series/edge-sprint.yaml:12: events[0].id: expected an event id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got '2025--dubai'"
        ],
        id="event-id-double-hyphen",
    ),
    pytest.param(
        S,
        "- id: race-1",
        "- id: race 1",
        [
            "feeds/series/edge-sprint.yaml:19: events[0].sessions[0].id: expected a session id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got 'race 1'"
        ],
        id="session-id-with-space",
    ),
    pytest.param(
        S,
        "- id: race-1",
        "- id: Race-1",
        [
            "feeds/series/edge-sprint.yaml:19: events[0].sessions[0].id: expected a session id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got 'Race-1'"
        ],
        id="session-id-upper-case",
    ),
    pytest.param(
        S,
        '  - id: "2025"\n',
        '  - id: "../2025"\n',
        [
            "feeds/series/edge-sprint.yaml:8: seasons[0].id: expected a season id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got '../2025'",
            "feeds/series/edge-sprint.yaml:13: events[0].season: season '2025' is not in this file's seasons; add it under seasons:",
            "feeds/series/edge-sprint.yaml:30: events[1].season: season '2025' is not in this file's seasons; add it under seasons:",
            "feeds/series/edge-sprint.yaml:46: events[2].season: season '2025' is not in this file's seasons; add it under seasons:",
            "feeds/collections/edge-picks.yaml:10: include[1].events[0]: event '2025-bugatti' is not in series 'edge-sprint'",
        ],
        id="season-id-climbing-out",
    ),
    pytest.param(
        V,
        "  cota:\n",
        "  COTA:\n",
        [
            "feeds/venues.yaml:21: venues.COTA: expected a venue id of lower-case letters, digits and single hyphens (like 'sepang-2023'), got 'COTA'",
            "feeds/series/edge-endurance.yaml:79: events[2].venue: venue 'cota' is not in feeds/venues.yaml"
            "; to add it, copy into feeds/venues.yaml: cota: {name: ..., locality: ..., country: <ISO code>, timezone: <IANA zone>, latitude: ..., longitude: ..., sources: [<https:// address>]}",
            "feeds/series/edge-endurance.yaml:98: events[3].venue: venue 'cota' is not in feeds/venues.yaml"
            "; to add it, copy into feeds/venues.yaml: cota: {name: ..., locality: ..., country: <ISO code>, timezone: <IANA zone>, latitude: ..., longitude: ..., sources: [<https:// address>]}",
        ],
        id="venue-id-upper-case",
    ),
    # URLs
    pytest.param(
        S,
        "url: https://example.org/edge-sprint",
        "url: JAVASCRIPT:alert(1)",
        ["feeds/series/edge-sprint.yaml:4: url: expected an https:// or http:// URL, got 'JAVASCRIPT:alert(1)'"],
        id="javascript-series-url-upper-case",
    ),
    pytest.param(
        S,
        "url: https://example.org/edge-sprint",
        "url: data:text/html,<script>alert(1)</script>",
        [
            "feeds/series/edge-sprint.yaml:4: url: expected an https:// or http:// URL, got 'data:text/html,<script>alert(1)</script>'"
        ],
        id="data-url",
    ),
    pytest.param(
        S,
        "    name: Dubai Sprint\n",
        f"    name: Dubai Sprint\n    url: {JS}\n",
        [
            "feeds/series/edge-sprint.yaml:15: events[0].url: expected an https:// or http:// URL, got 'javascript:alert(1)'"
        ],
        id="javascript-event-url",
    ),
    pytest.param(
        "site.yaml",
        "uid_domain: edge-cases.example.org",
        f"uid_domain: edge-cases.example.org\nbase_url: {JS}//",
        ["feeds/site.yaml:9: base_url: expected an https:// or http:// URL, got 'javascript:alert(1)//'"],
        id="javascript-base-url",
    ),
    pytest.param(
        V,
        'sources: ["tzdata zone.tab: AE +2518+05518 Asia/Dubai"]',
        f"sources: ['{JS}']",
        [
            "feeds/venues.yaml:20: venues.dubai-night.sources[0]: only https:// and http:// URLs are allowed, got 'javascript:alert(1)'"
        ],
        id="javascript-venue-source",
    ),
    pytest.param(
        E,
        '  - id: "2018"\n    name: "2018"\n',
        f'  - id: "2018"\n    name: "2018"\n    sources: ["{JS}"]\n',
        [
            "feeds/series/edge-endurance.yaml:12: seasons[0].sources[0]: only https:// and http:// URLs are allowed, got 'javascript:alert(1)'"
        ],
        id="javascript-season-source",
    ),
    pytest.param(
        C,
        "sources: [https://example.org/entry-list]",
        f"sources: [https://example.org/entry-list, '{JS}']",
        [
            "feeds/collections/edge-picks.yaml:8: include[0].sources[1]: only https:// and http:// URLs are allowed, got 'javascript:alert(1)'"
        ],
        id="javascript-collection-source",
    ),
    pytest.param(
        S,
        "sources: [https://example.org/sprint-dubai]",
        f"sources: [' {JS}']",
        [
            "feeds/series/edge-sprint.yaml:17: events[0].sources[0]: only https:// and http:// URLs are allowed, got 'javascript:alert(1)'"
        ],
        id="javascript-source-with-leading-space",
    ),
    pytest.param(
        S,
        "sources: [https://example.org/sprint-dubai]",
        "sources: ['vbscript:msgbox(1)']",
        [
            "feeds/series/edge-sprint.yaml:17: events[0].sources[0]: only https:// and http:// URLs are allowed, got 'vbscript:msgbox(1)'"
        ],
        id="vbscript-source",
    ),
    pytest.param(
        S,
        "url: https://example.org/edge-sprint",
        "url: https:alert(1)",
        ["feeds/series/edge-sprint.yaml:4: url: expected an https:// or http:// URL, got 'https:alert(1)'"],
        id="url-without-host",
    ),
    # text that would start a new iCalendar line, or reorder what is shown
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race\\r\\nBEGIN:VEVENT"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\r' is not allowed; remove it"],
        id="crlf-begin-vevent-in-a-name",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race\\nBEGIN:VEVENT"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\n' is not allowed; remove it"],
        id="lf-in-a-name",
    ),
    pytest.param(
        E,
        "note: Line one of a season note.",
        'note: "Notes\\r\\nBEGIN:VEVENT\\r\\nUID:x"',
        ["feeds/series/edge-endurance.yaml:14: seasons[1].note: control character '\\r' is not allowed; remove it"],
        id="cr-in-a-note",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race\\u2028BEGIN:VEVENT"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\u2028' is not allowed; remove it"],
        id="line-separator",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race\\x85BEGIN:VEVENT"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\x85' is not allowed; remove it"],
        id="next-line",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race\\vBEGIN:VEVENT"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\x0b' is not allowed; remove it"],
        id="vertical-tab",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race\\e[31m"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\x1b' is not allowed; remove it"],
        id="escape-sequence",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race \\u202eemag siht"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\u202e' is not allowed; remove it"],
        id="right-to-left-override",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        'name: "Race \\u2066x\\u2069"',
        ["feeds/series/edge-sprint.yaml:14: events[0].name: control character '\\u2066' is not allowed; remove it"],
        id="left-to-right-isolate",
    ),
    pytest.param(
        S,
        "name: Dubai Sprint",
        "name: " + "x" * 3000,
        ["feeds/series/edge-sprint.yaml:14: events[0].name: text of 3000 characters is too long (at most 2000)"],
        id="text-too-long",
    ),
    # other values
    pytest.param(
        V,
        "timezone: Asia/Dubai",
        "timezone: ../../etc/passwd",
        [
            "feeds/venues.yaml:17: venues.dubai-night.timezone: unknown IANA time zone '../../etc/passwd'; zones of AE: Asia/Dubai"
        ],
        id="zone-climbing-out",
    ),
    # a zone checked against the venue's country (tzdata's zone.tab and zone1970.tab)
    pytest.param(
        V,
        "country: FR",
        "country: PT",
        [
            "feeds/venues.yaml:9: venues.bugatti.timezone: time zone 'Europe/Paris' is not used in PT (Portugal); zones of PT: Europe/Lisbon, Atlantic/Madeira, Atlantic/Azores"
        ],
        id="zone-of-another-country",
    ),
    pytest.param(
        V,
        "country: FR\n    timezone: Europe/Paris",
        "country: PT\n    timezone: Europe/Portimao",
        [
            "feeds/venues.yaml:9: venues.bugatti.timezone: unknown IANA time zone 'Europe/Portimao'; did you mean 'Europe/Lisbon'? zones of PT: Europe/Lisbon, Atlantic/Madeira, Atlantic/Azores"
        ],
        id="unknown-zone-suggested-from-its-country",
    ),
    pytest.param(
        V,
        "country: FR\n    timezone: Europe/Paris",
        "country: ES\n    timezone: Europe/Barcellona",
        [
            "feeds/venues.yaml:9: venues.bugatti.timezone: unknown IANA time zone 'Europe/Barcellona'; did you mean 'Europe/Madrid'? zones of ES: Europe/Madrid, Africa/Ceuta, Atlantic/Canary"
        ],
        id="misspelt-city-suggested-from-its-country",
    ),
    pytest.param(
        V,
        "country: FR\n    timezone: Europe/Paris",
        "country: PT\n    timezone: CEST",
        [
            "feeds/venues.yaml:9: venues.bugatti.timezone: 'CEST' is an abbreviation or a UTC offset, not a place: use the IANA name; zones of PT: Europe/Lisbon, Atlantic/Madeira, Atlantic/Azores"
        ],
        id="zone-abbreviation",
    ),
    pytest.param(
        V,
        "country: FR\n    timezone: Europe/Paris",
        "country: PT\n    timezone: UTC+2",
        [
            "feeds/venues.yaml:9: venues.bugatti.timezone: 'UTC+2' is an abbreviation or a UTC offset, not a place: use the IANA name; zones of PT: Europe/Lisbon, Atlantic/Madeira, Atlantic/Azores"
        ],
        id="zone-offset",
    ),
    pytest.param(
        V,
        "timezone: Europe/Paris",
        "timezone: EST",
        [
            "feeds/venues.yaml:9: venues.bugatti.timezone: 'EST' is an abbreviation or a UTC offset, not a place: use the IANA name; zones of FR: Europe/Paris"
        ],
        id="zone-abbreviation-tzdata-knows",
    ),
    pytest.param(
        V,
        "country: FR",
        "country: UK",
        [
            "feeds/venues.yaml:8: venues.bugatti.country: expected an ISO 3166 two-letter country code like 'MY', got 'UK'"
        ],
        id="unknown-country-code",
    ),
    pytest.param(
        "site.yaml",
        "uid_domain: edge-cases.example.org",
        "uid_domain: a@b",
        ["feeds/site.yaml:8: uid_domain: expected a domain name like 'calendars.example.org', got 'a@b'"],
        id="uid-domain-with-at",
    ),
    pytest.param(
        C,
        "kinds: [race]",
        "kinds: [rase]",
        [
            "feeds/collections/edge-picks.yaml:11: include[1].kinds[0]: expected one of: practice, qualifying, race, warmup, test, other; got 'rase'"
        ],
        id="unknown-kind-in-a-collection",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "messages"), CASES)
def test_a_wrong_value_is_refused_with_its_exact_messages(site, capsys, file, old, new, messages):
    site.edit(file, old, new)
    count = len(messages)
    assert site.refused(capsys) == [*messages, f"{count} problem{'s' if count != 1 else ''} found; nothing was written"]
