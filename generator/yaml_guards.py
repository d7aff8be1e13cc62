"""What the strict YAML reader (generator/strict_yaml.py) settles before it builds a node.

Judged on the text, or on the parser's event stream (parsed without
recursion): which parser reads the file (libyaml where it reads it exactly as
PyYAML's own parser does), and the refusals that must come before any node is
built: anchors and aliases (an alias bomb expands exponentially) and nesting
deeper than MAX_DEPTH (the composers recurse once per level).
"""

from __future__ import annotations

import re
from typing import Protocol

import yaml

from generator.errors import Problem, UserError

Loader = type[yaml.BaseLoader] | type[yaml.CBaseLoader]

MAX_DEPTH = 64


"""How deeply collections may nest (a feed needs six: events, an event, its
sessions, a session, its sources); parsing a deeper file recurses once per level."""


# What libyaml and PyYAML's own parser were seen to read differently (a
# differential test runs both on generated documents): tabs, a byte order
# mark or a NEL/LS/PS inside the text, complex keys (? ), flow mappings,
# directives and document markers, and a block scalar header followed by a
# comment without a space. Text holding any of them goes to PyYAML's parser.
# (Split in parts, each tried only where a character it needs is present:
# one pattern with every alternative scans a file several times slower.)
_ODD_CHARACTER = re.compile(r"[\t\ufeff\x85\u2028\u2029{}]")


_COMPLEX_KEY = re.compile(r"(?:^|[\s\[,])\?(?:\s|$)", re.MULTILINE)


_DOCUMENT_MARK = re.compile(r"^(?:%|---|\.\.\.)", re.MULTILINE)


_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")


def libyaml_differs(text: str) -> bool:
    return bool(
        _ODD_CHARACTER.search(text)
        or ("?" in text and _COMPLEX_KEY.search(text))
        or (("%" in text or "---" in text or "..." in text) and _DOCUMENT_MARK.search(text))
        or ("#" in text and _HEADER_COMMENT.search(text))
    )


_ANCHOR_SIGN = re.compile(r"[&*]")


def may_hold_anchor(text: str) -> bool:
    """An anchor (&name) or alias (*name) follows a separator and starts a
    name. Text without such a sign holds neither; text with one (``Q&A``,
    ``*note`` in a quoted string) is checked on the event stream."""
    for sign in _ANCHOR_SIGN.finditer(text):
        at = sign.start()
        before, after = text[at - 1 : at] or " ", text[at + 1 : at + 2]
        if not (before.isascii() and before.isalnum()) and after and not after.isspace() and after not in ",[]{}":
            return True
    return False


_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def may_nest_deeply(text: str) -> bool:
    """False when the text cannot nest more than MAX_DEPTH deep, judged
    without parsing: each flow level needs a '[' or '{', and a block
    collection inside another starts further right (a list under a key may
    start at the key's column, the next level cannot), so block nesting is at
    most twice the widest run of indentation and '- ', '? ', ': ' markers."""
    flows = text.count("[") + text.count("{")
    if flows > MAX_DEPTH:
        return True
    widest = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return flows + 2 * (widest + 1) > MAX_DEPTH


def refuse_deep_nesting(text: str, shown_path: str, loader_classes: tuple[Loader, ...]) -> None:
    """Count the nesting on the event stream, which is parsed without
    recursion, before the recursive composers see the text. Text a parser
    refuses is checked by the next one; the last one's error is the
    message, raised by the composer before it nests any deeper."""
    for loader_class in loader_classes:
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader_class):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise UserError(
                            [
                                Problem(
                                    shown_path,
                                    line_of(event.start_mark),
                                    "",
                                    f"nested more than {MAX_DEPTH} levels deep (a feed needs six at most); check the brackets and the indentation",
                                )
                            ]
                        )
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
            return
        except yaml.YAMLError:
            continue


def refuse_aliases(text: str, shown_path: str, loader_class: Loader) -> None:
    # Checked on the event stream, before any node is built, so that an alias
    # bomb (aliases of aliases, exponential when expanded) costs nothing.
    for event in yaml.parse(text, Loader=loader_class):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            raise UserError(
                [
                    Problem(
                        shown_path,
                        line_of(event.start_mark),
                        "",
                        "YAML anchors and aliases (&name, *name) are not supported; write the value out",
                    )
                ]
            )


class Mark(Protocol):
    """Where PyYAML's parsers (its own and libyaml's, two classes) place a node, an event or an error."""

    line: int


def line_of(mark: Mark | None) -> int | None:
    """The line a mark points at, counted from 1 (events and errors may come without one)."""
    return mark.line + 1 if mark else None
