"""Motorsport race calendars: per-series YAML in, iCalendar feeds and a static site out.

The pipeline is the module names: load -> validate -> render -> publish,
called in that order by :func:`generator.build.build`.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
