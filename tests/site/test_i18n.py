"""Every message of the site's own text has a German translation in the catalog."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOG = ROOT / "generator" / "locale" / "de" / "LC_MESSAGES" / "messages.po"


def test_every_message_has_a_german_translation():
    method_map = [("generator/render/**.py", "python"), ("generator/templates/**.html", "jinja2")]
    options = {"generator/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options, keywords={"_": None, "gettext": None, "ngettext": (1, 2)}
        )
    }
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    translated = {m.id for m in catalog if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))}
    assert len(found) > 50
    assert sorted(str(m) for m in found - translated) == []
