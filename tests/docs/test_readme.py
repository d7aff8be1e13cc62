"""The README is the front door: every key the validator accepts, every make
target and every CLI command is documented there (and nothing else is)."""

from __future__ import annotations

import re

import pytest

from generator import catalog, drivers, validate
from generator.cli import parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")

# Each reference table follows its heading (or its lead-in sentence, for the
# nested mappings) and lists one key per row: | `key` | required | meaning |
TABLES = {
    "site": ("### `feeds/site.yaml`", validate.SITE_KEYS),
    "venue": ("### `feeds/venues.yaml`", validate.VENUE_KEYS),
    "series": ("### `feeds/series/<slug>.yaml`", validate.SERIES_KEYS),
    "season": ("A season:", validate.SEASON_KEYS),
    "class": ("A class:", validate.CLASS_KEYS),
    "driver": ("### `feeds/drivers/<slug>.yaml`", drivers.DRIVER_KEYS),
    "entry": ("An entry:", drivers.ENTRY_KEYS),
    "event": ("An event:", validate.EVENT_KEYS),
    "session": ("A session:", validate.SESSION_KEYS),
    "collection": ("### `feeds/collections/<slug>.yaml`", catalog.COLLECTION_KEYS),
    "include": ("A part:", catalog.INCLUDE_KEYS),
    "shared": ("A shared event:", validate.SHARED_KEYS),
}


def table_after(marker: str) -> dict[str, str]:
    start = README.index(marker)
    rows: dict[str, str] = {}
    in_table = False
    for line in README[start:].splitlines()[1:]:
        if line.startswith("|"):
            in_table = True
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            key = re.fullmatch(r"`([a-z_]+)`", cells[0])
            if key:
                rows[key.group(1)] = cells[1]
        elif in_table:
            break
    return rows


@pytest.mark.parametrize("name", sorted(TABLES))
def test_reference_documents_exactly_the_accepted_keys(name: str) -> None:
    marker, (required, optional) = TABLES[name]
    rows = table_after(marker)
    assert set(rows) == set(required) | set(optional)
    for key in required:
        assert rows[key] == "yes", f"{name}.{key} is required but documented as {rows[key]!r}"
    for key in optional:
        assert rows[key] != "yes", f"{name}.{key} is optional but documented as required"


def test_choices_are_documented() -> None:
    from generator.model import CONFIDENCES, KINDS, STATUSES

    for choice in (*KINDS, *STATUSES, *CONFIDENCES):
        assert f"`{choice}`" in README, choice


def test_every_make_target_is_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*## ", makefile, flags=re.MULTILINE)
    assert "feeds" in targets and "test" in targets
    for target in targets:
        if target != "help":
            assert f"`make {target}`" in README, target


def test_every_cli_command_is_documented() -> None:
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert f"python -m generator {name}" in README, name
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"{name} {option}"


def test_the_two_setup_commands_come_first() -> None:
    assert README.index("make feeds") < README.index("## Feed format reference")
    assert README.index("make test") < README.index("## Feed format reference")


def example_after(marker: str) -> str:
    """The first ```yaml block after a marker in the README."""
    start = README.index("```yaml\n", README.index(marker)) + len("```yaml\n")
    return README[start : README.index("```\n", start)]


def test_the_class_example_is_valid_and_uses_every_class_key() -> None:
    from tests.unit.yaml_feeds import SITE, documents

    example = example_after("Classes, complete")
    venues = "venues:\n  imola:\n    name: Imola\n    locality: Imola\n    country: IT\n    timezone: Europe/Rome\n    latitude: 44.34\n    longitude: 11.71\n    sources: [https://example.org/imola]\n"
    checked = validate.validate(documents({"fia-wec": example}, venues=venues, site=SITE))
    feeds = {feed.slug: [entry.session.id for entry in feed.entries] for feed in checked.feeds}
    assert feeds["fia-wec-hypercar"] == ["qualifying-hypercar", "race"]
    assert feeds["fia-wec-lmgt3"] == ["race"]
    for key in (*validate.CLASS_KEYS[0], "classes"):
        assert f"{key}:" in example, key


def test_the_driver_example_is_valid_against_the_real_series_and_uses_every_key() -> None:
    from generator.load import Document, parse_document
    from tests.unit.yaml_feeds import SITE, documents

    example = example_after("A complete driver file:")
    docs = documents({}, site=SITE)
    real = ROOT / "feeds"
    docs.venues = Document(
        "feeds/venues.yaml", parse_document((real / "venues.yaml").read_bytes(), "feeds/venues.yaml")
    )
    docs.series = [
        Document(
            "feeds/series/asian-le-mans-series.yaml",
            None,
            raw=(real / "series" / "asian-le-mans-series.yaml").read_bytes(),
        )
    ]
    docs.drivers = [
        Document(
            "feeds/drivers/klaus-bachler.yaml", parse_document(example.encode(), "feeds/drivers/klaus-bachler.yaml")
        )
    ]
    feed = next(feed for feed in validate.validate(docs).feeds if feed.slug == "klaus-bachler")
    assert feed.entries and {entry.entry_text for entry in feed.entries} == {
        "#10 Manthey Racing Porsche 911 GT3 R (GT), with Antares Au and Joel Sturm"
    }
    for key in (*drivers.DRIVER_KEYS[0], *drivers.ENTRY_KEYS[0], *drivers.ENTRY_KEYS[1]):
        assert f"{key}:" in example, key
