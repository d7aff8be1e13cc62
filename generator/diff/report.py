"""The change report, writing: the comparison as text for a terminal or markdown for a pull request."""

from __future__ import annotations

import re

from generator.diff.records import Change, Report

SECTIONS = (("Feeds", "feeds"), ("Venues", "venues"), ("Sessions", "sessions"))


def summary_line(report: Report, compared: int) -> str:
    changes = report.changes()
    if not changes:
        return f"no changes in {compared} feed{'s' if compared != 1 else ''}"
    warnings = sum(1 for c in changes if c.warning)
    return (
        f"{report.feeds_changed()} of {compared} feeds changed: {len(changes)} change{'s' if len(changes) != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


def feed_list(feeds: tuple[str, ...]) -> str:
    """``[wec, its races feed, all, all-races]``: a series' own feeds read as its feeds."""
    names = [feed.removesuffix(".ics") for feed in feeds]
    shown = []
    for name in names:
        owner = next((other for other in names if other != "all" and name.startswith(other + "-")), None)
        shown.append(f"its {name[len(owner) + 1 :]} feed" if owner else name)
    return f" [{', '.join(shown)}]" if shown else ""


def _shown(side: str) -> str:
    return side[:12] if re.fullmatch(r"[0-9a-f]{40}", side) else side


def _sections(report: Report) -> list[tuple[str, tuple[Change, ...]]]:
    return [(title, getattr(report, field)) for title, field in SECTIONS if getattr(report, field)]


def format_text(report: Report, compared: int, old: str, new: str) -> str:
    lines = [f"Changes from {_shown(old)} to {_shown(new)}: {summary_line(report, compared)}"]
    for title, changes in _sections(report):
        lines += ["", title]
        for change in changes:
            lines.append(f"  {change.kind}: {change.text}{feed_list(change.feeds)}")
            if change.warning:
                lines.append(f"    WARNING: {change.warning}")
    return "\n".join(lines) + "\n"


def format_markdown(report: Report, compared: int, old: str, new: str) -> str:
    summary = summary_line(report, compared)
    lines = [
        f"## Calendar changes from `{_shown(old)}` to `{_shown(new)}`",
        "",
        _md(summary[:1].upper() + summary[1:]) + ".",
    ]
    if any(c.warning for c in report.changes()):
        lines += ["", "Changes marked :warning: would hurt subscribers: please check them before merging."]
    for title, changes in _sections(report):
        lines += ["", f"### {title}", ""]
        for change in changes:
            lines.append(f"- **{change.kind}**: {_md(change.text)}{_md(feed_list(change.feeds))}")
            if change.warning:
                lines.append(f"  - :warning: {_md(change.warning)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what Markdown would read as markup; arrows become arrows."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", text.replace(" -> ", " → "))
