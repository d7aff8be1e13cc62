"""The change report, writing: the comparison as text for a terminal or markdown for a pull request."""
from __future__ import annotations

import re

from generator.diff.records import FeedChanges


def summary_line(reports: list[FeedChanges], compared: int) -> str:
    if not reports:
        return f"no changes in {compared} feed{'s' if compared != 1 else ''}"
    changes = sum(len(r.changes) for r in reports)
    warnings = sum(1 for r in reports for c in r.changes if c.warning)
    return f"{len(reports)} of {compared} feeds changed: {changes} change{'s' if changes != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def _shown(side: str) -> str:
    return side[:12] if re.fullmatch(r"[0-9a-f]{40}", side) else side


def format_text(reports: list[FeedChanges], compared: int, old: str, new: str) -> str:
    lines = [f"Changes from {_shown(old)} to {_shown(new)}: {summary_line(reports, compared)}"]
    for report in reports:
        lines += ["", f"{report.name} ({report.title})"]
        for change in report.changes:
            lines.append(f"  {change.kind}: {change.text}")
            if change.warning:
                lines.append(f"    WARNING: {change.warning}")
    return "\n".join(lines) + "\n"


def format_markdown(reports: list[FeedChanges], compared: int, old: str, new: str) -> str:
    summary = summary_line(reports, compared)
    lines = [f"## Calendar changes from `{_shown(old)}` to `{_shown(new)}`", "", _md(summary[:1].upper() + summary[1:]) + "."]
    if any(c.warning for r in reports for c in r.changes):
        lines += ["", "Changes marked :warning: would hurt subscribers: please check them before merging."]
    for report in reports:
        lines += ["", f"### `{report.name}`: {_md(report.title)}", ""]
        for change in report.changes:
            lines.append(f"- **{change.kind}**: {_md(change.text)}")
            if change.warning:
                lines.append(f"  - :warning: {_md(change.warning)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what Markdown would read as markup; arrows become arrows."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", text.replace(" -> ", " → "))

