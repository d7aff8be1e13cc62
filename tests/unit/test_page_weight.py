"""benchmarks.pages: the page sizes ``make bench`` prints, raw and gzipped, and
its checks against the targets (30 KB gzipped for a home page, 60 KB for every
schedule page)."""

from __future__ import annotations

import gzip
import random

from benchmarks.pages import PageSize, page_sizes, report


def noise(size: int, seed: int) -> bytes:
    """Bytes gzip cannot shrink: the gzipped size is about the raw size."""
    return random.Random(seed).randbytes(size)


def test_page_sizes_are_raw_and_gzipped_and_repeat():
    body = b"<p>Race</p>\n" * 1000
    [size] = page_sizes({"index.html": body})
    assert size == PageSize("index.html", 12_000, len(gzip.compress(body, compresslevel=6, mtime=0)))
    assert size.gzipped < 200
    assert page_sizes({"index.html": body}) == [size]


def test_report_lists_the_home_pages_and_the_largest_schedule_page():
    pages = page_sizes(
        {
            "index.html": b"a" * 2048,
            "de/index.html": b"b" * 4096,
            "cup.html": noise(10 * 1024, 1),
            "de/cup.html": noise(20 * 1024, 2),
            "driver.html": b"c" * 100_000,
        }
    )
    lines, checks = report(pages)
    assert lines == [
        "  page                  raw       gzip",
        "  index.html         2.0 KB     0.0 KB",
        "  de/index.html      4.0 KB     0.0 KB",
        "  de/cup.html       20.0 KB    20.0 KB  (the largest of 3 schedule pages)",
    ]
    assert checks == [
        ("index.html = 0.0 KB gzip < 30 KB", True),
        ("de/index.html = 0.0 KB gzip < 30 KB", True),
        ("every schedule page < 60 KB gzip: largest de/cup.html = 20.0 KB", True),
    ]


def test_report_misses_a_heavy_home_page_and_names_every_heavy_schedule_page():
    pages = page_sizes(
        {
            "index.html": noise(31 * 1024, 3),
            "de/index.html": noise(29 * 1024, 4),
            "cup.html": noise(61 * 1024, 5),
            "de/cup.html": noise(62 * 1024, 6),
            "driver.html": noise(59 * 1024, 7),
        }
    )
    _, checks = report(pages)
    gzipped = {page.path: page.gzipped / 1024 for page in pages}
    assert checks == [
        (f"index.html = {gzipped['index.html']:.1f} KB gzip < 30 KB", False),
        (f"de/index.html = {gzipped['de/index.html']:.1f} KB gzip < 30 KB", True),
        (
            f"every schedule page < 60 KB gzip: largest de/cup.html = {gzipped['de/cup.html']:.1f} KB; over: cup.html, de/cup.html",
            False,
        ),
    ]


def test_report_misses_a_missing_home_page():
    _, checks = report(page_sizes({"index.html": b"x"}))
    assert checks[-1] == ("home pages found: index.html; expected index.html, de/index.html", False)
