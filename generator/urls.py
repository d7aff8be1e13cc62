"""What a link in the data is: a web address, or text that only looks like one.

Sources may be citations as well as URLs (see the README); a link the site
writes must be an http(s) address, and never one that hides where it leads.
"""

from __future__ import annotations

import re

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_WEB_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")


def looks_like_url(text: str) -> bool:
    return bool(_SCHEME.match(text)) and " " not in text.split(":", 1)[0]


def is_web_url(text: str) -> bool:
    return bool(_WEB_URL.fullmatch(text))


def userinfo_host(url: str) -> str | None:
    """The host a web URL with a user name or password (``https://user@host/``)
    leads to; None for a URL without one. Browsers take what comes before '@'
    as a login, so ``https://www.asianlemansseries.com@evil.example/`` opens
    evil.example. A backslash ends the host part as a slash does for them."""
    authority = re.split(r"[/?#\\]", url.split("://", 1)[-1], maxsplit=1)[0]
    return authority.rpartition("@")[2] if "@" in authority else None


def userinfo_message(url: str) -> str:
    return (
        f"a user name or password before '@' is not allowed in a URL: the link would open "
        f"{userinfo_host(url)!r}, not the address written first; remove everything between '//' and '@', got {url!r}"
    )
