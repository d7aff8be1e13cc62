"""Subscribe links of a feed, as plain functions of strings so that a test can
pin their exact form: calendar clients are strict about it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from generator.model import Feed
from generator.urls import is_web_url

GOOGLE_ADD = "https://calendar.google.com/calendar/render?cid="
OUTLOOK_ADD = "https://outlook.live.com/calendar/0/addfromweb"
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
"""Kept as they are in an href: RFC 3986 reserved characters, and % so that existing escapes stay."""


@dataclass(frozen=True)
class FeedLinks:
    slug: str
    title: str
    download: str
    """From the site's top folder, so that a local preview works without a base URL."""
    https: str | None
    webcal: str | None
    google: str | None
    outlook: str | None
    data: str
    """The same sessions as JSON, from the site's top folder."""


def feed_links(base_url: str | None, feed: Feed) -> FeedLinks:
    download = f"{feed.slug}.ics"
    data = f"{feed.slug}.json"
    if not base_url:
        return FeedLinks(feed.slug, feed.title, download, None, None, None, None, data)
    https = feed_url(base_url, download)
    webcal = webcal_url(https)
    return FeedLinks(
        feed.slug, feed.title, download, https, webcal, google_url(webcal), outlook_url(https, feed.title), data
    )


def feed_url(base_url: str, path: str) -> str:
    """The feed's published address; ``base_url`` ends with ``/`` (see build.normalise_base_url)."""
    return base_url + path


def webcal_url(url: str) -> str:
    """``https://host/path.ics`` -> ``webcal://host/path.ics`` (Apple Calendar, Outlook desktop)."""
    _scheme, rest = url.split("://", 1)
    return f"webcal://{rest}"


def google_url(webcal: str) -> str:
    """Google wants the ``webcal://`` address, percent-encoded whole; an https cid does not subscribe."""
    return GOOGLE_ADD + quote(webcal, safe="")


def outlook_url(https: str, name: str) -> str:
    """Outlook.com takes the ``https://`` address and the calendar's name."""
    return f"{OUTLOOK_ADD}?url={quote(https, safe='')}&name={quote(name, safe='')}"


def is_link(source: str) -> bool:
    return is_web_url(source)


def href(url: str) -> str:
    """A web URL as an href: characters a URL may not hold (``"`` ``<`` space, non-ASCII) percent-encoded."""
    return quote(url, safe=URL_SAFE)
