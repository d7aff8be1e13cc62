"""Every page of the site, in English and German, in the light and the dark
colour scheme, has no accessibility violation axe-core (Deque's rules, from
npm, run inside the page in chromium) can find."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, require

pytestmark = [pytest.mark.browser, pytest.mark.node]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CLOCK = "2024-02-06T12:00:00Z"
"""Between two events: the pages show past, next and later sessions."""


def violations(page) -> list[dict]:
    # Evaluated rather than added as a <script>: the pages' Content-Security-Policy
    # (script-src 'self') stays in force, so axe sees the page a reader gets.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def describe(path: str, found: list[dict]) -> str:
    return "\n".join(
        f"{path}: {v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(f"{n['target']} {n['failureSummary']}" for n in v["nodes"][:5])
        for v in found
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_no_axe_violations_on_any_page_in_either_language(alms_site, visit, scheme, locale):
    """Each page is read by an English and a German reader (the other language's
    page offers a switch), with every disclosure open, so that axe sees all of it."""
    require(AXE.is_file(), f"axe-core ({AXE.relative_to(ROOT)}; run npm ci)")
    browser = visit(alms_site, clock=CLOCK, color_scheme=scheme, locale=locale)
    paths = alms_site.pages() + [f"de/{page}" for page in alms_site.pages()]
    assert len(paths) == 8
    report = []
    for path in paths:
        browser.open(path)
        browser.page.wait_for_load_state("networkidle")
        assert browser.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        assert browser.page.evaluate("[...document.querySelectorAll('details')].map(d => d.open = true).length") > 0, (
            path
        )
        found = violations(browser.page)
        if found:
            report.append(describe(path, found))
    assert report == [], "\n".join(report)
    browser.assert_clean()
