"""Part of the render stage: what a render depends on besides the model.

Every renderer is a pure function of the model and this context, passed
explicitly; the build cache keys what it keeps by it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Site


@dataclass(frozen=True)
class Context:
    site: Site
    stamp: dt.datetime
    """The build's one timestamp (DTSTAMP, LAST-MODIFIED, the JSON's "generated")."""
    base_url: str | None
    """Where the site is published, ending with ``/``; None for a local build (no subscribe links)."""
