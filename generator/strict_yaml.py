"""The strict YAML reader: a file's bytes to strings, mappings and lists, each with its line.

Part of the load stage (generator/load.py). Every scalar stays a string (no YAML 1.1
surprises); duplicate keys, anchors and aliases, tags, tabs, deep nesting and odd
files are refused with the file and line; libyaml is used where it reads a file exactly
as the pure-Python reader does.
"""

from __future__ import annotations

import re
import sys
from typing import Protocol

import yaml

from generator.errors import Problem, UserError

MAX_FILE_BYTES = 1024 * 1024


MAX_DEPTH = 64


"""How deeply collections may nest (a feed needs six: events, an event, its
sessions, a session, its sources); parsing a deeper file recurses once per level."""


SCALAR_TAG = "tag:yaml.org,2002:str"


DEFAULT_TAGS = {SCALAR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class Text(str):
    """A YAML scalar: always a string, with the line it came from."""

    line: int

    def __new__(cls, value: str, line: int) -> Text:
        text = super().__new__(cls, value)
        text.line = line
        return text


class Mapping(dict[str, "Value"]):
    """A YAML mapping whose keys are strings; remembers each key's line."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class Sequence(list["Value"]):
    """A YAML sequence, with the line it starts on."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


Value = Text | Mapping | Sequence


"""What a YAML node reads as: every scalar is text until validated."""


class _StrictLoader(yaml.BaseLoader):
    """The base resolver: every plain scalar is a string, nothing is guessed."""


# libyaml (PyYAML's C extension, when built with it) parses some twenty times
# faster than the pure-Python parser, with the same base resolver. A file it
# refuses is parsed again by the pure-Python parser, whose messages are the
# ones users see; a test checks that both give the same values and lines.
_Loader = type[yaml.BaseLoader] | type[yaml.CBaseLoader]


_FastLoader: _Loader | None = yaml.CBaseLoader if getattr(yaml, "__with_libyaml__", False) else None


"""The base resolver, in C: every plain scalar is a string (None: PyYAML is built without libyaml)."""


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


def _libyaml_differs(text: str) -> bool:
    return bool(
        _ODD_CHARACTER.search(text)
        or ("?" in text and _COMPLEX_KEY.search(text))
        or (("%" in text or "---" in text or "..." in text) and _DOCUMENT_MARK.search(text))
        or ("#" in text and _HEADER_COMMENT.search(text))
    )


_ANCHOR_SIGN = re.compile(r"[&*]")


def _may_hold_anchor(text: str) -> bool:
    """An anchor (&name) or alias (*name) follows a separator and starts a
    name. Text without such a sign holds neither; text with one (``Q&A``,
    ``*note`` in a quoted string) is checked on the event stream."""
    for sign in _ANCHOR_SIGN.finditer(text):
        at = sign.start()
        before, after = text[at - 1 : at] or " ", text[at + 1 : at + 2]
        if not (before.isascii() and before.isalnum()) and after and not after.isspace() and after not in ",[]{}":
            return True
    return False


def parse_document(raw: bytes, shown_path: str) -> Mapping:
    """Parse one YAML file's bytes into a top-level Mapping, strictly."""

    def fail(line: int | None, message: str) -> UserError:
        return UserError([Problem(shown_path, line, "", message)])

    if len(raw) > MAX_FILE_BYTES:
        raise fail(None, f"file is {len(raw)} bytes, over the limit of {MAX_FILE_BYTES}; split it into smaller files")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise fail(line, "not valid UTF-8; save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = _compose(text, shown_path)
    except yaml.MarkedYAMLError as error:
        reason = error.problem or str(error)
        if ("\t" in text and "tab" in reason.lower()) or reason.startswith("found character '\\t'"):
            reason = "tab character; indent with spaces"
        else:
            reason = _layout_hint(text, error.problem_mark, reason) or reason
        raise fail(_line(error.problem_mark or error.context_mark), f"not valid YAML: {reason}") from None
    except yaml.reader.ReaderError as error:
        # Raised for control characters written raw in the file; its own
        # message has no line and spans two lines.
        line = text[: error.position].count("\n") + 1
        character = chr(error.character) if isinstance(error.character, int) else error.character
        raise fail(line, f"control character {character!r} is not allowed; remove it") from None
    except yaml.YAMLError as error:
        raise fail(None, f"not valid YAML: {error}") from None
    if root is None:
        raise fail(None, "file is empty; expected a mapping of keys to values")
    if not isinstance(root, yaml.MappingNode):
        raise fail(root.start_mark.line + 1, "expected a mapping of keys to values at the top of the file")
    problems: list[Problem] = []
    data = _convert(root, shown_path, problems, "")
    if problems:
        raise UserError(problems)
    assert isinstance(data, Mapping)
    return data


def _compose(text: str, shown_path: str) -> yaml.Node | None:
    """The document's root node; anchors, aliases and deep nesting refused first."""
    fast = _FastLoader if _FastLoader is not None and not _libyaml_differs(text) else None
    if _may_nest_deeply(text):
        _refuse_deep_nesting(text, shown_path, (fast, _StrictLoader) if fast else (_StrictLoader,))
    if fast:
        try:
            if _may_hold_anchor(text):
                _refuse_aliases(text, shown_path, fast)
            return _single_node(fast, text)
        except yaml.YAMLError:
            pass  # parsed again below, for the pure-Python parser's messages
    _refuse_aliases(text, shown_path, _StrictLoader)
    return _single_node(_StrictLoader, text)


def _single_node(loader_class: _Loader, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
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


def _refuse_deep_nesting(text: str, shown_path: str, loader_classes: tuple[_Loader, ...]) -> None:
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
                                    _line(event.start_mark),
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


def _refuse_aliases(text: str, shown_path: str, loader_class: _Loader = _StrictLoader) -> None:
    # Checked on the event stream, before any node is built, so that an alias
    # bomb (aliases of aliases, exponential when expanded) costs nothing.
    for event in yaml.parse(text, Loader=loader_class):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            raise UserError(
                [
                    Problem(
                        shown_path,
                        _line(event.start_mark),
                        "",
                        "YAML anchors and aliases (&name, *name) are not supported; write the value out",
                    )
                ]
            )


class _Mark(Protocol):
    """Where PyYAML's parsers (its own and libyaml's, two classes) place a node, an event or an error."""

    line: int


def _line(mark: _Mark | None) -> int | None:
    """The line a mark points at, counted from 1 (events and errors may come without one)."""
    return mark.line + 1 if mark else None


def _convert(node: yaml.Node, shown_path: str, problems: list[Problem], where: str) -> Text | Mapping | Sequence:
    """Build the value of a node; ``where`` is its field path, for messages."""
    line = node.start_mark.line + 1
    if node.tag not in DEFAULT_TAGS:
        problems.append(Problem(shown_path, line, where, f"explicit YAML tag {node.tag!r} is not supported; remove it"))
    if isinstance(node, yaml.ScalarNode):
        return Text(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        sequence = Sequence(line)
        sequence.extend(
            _convert(item, shown_path, problems, f"{where}[{index}]") for index, item in enumerate(node.value)
        )
        return sequence
    mapping = Mapping(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(shown_path, key_line, where, "a key must be plain text"))
            continue
        key = sys.intern(key_node.value)  # the same few keys in every event and session
        key_where = f"{where}.{key}" if where else key
        if key in mapping:
            problems.append(
                Problem(
                    shown_path, key_line, key_where, f"duplicate key (first on line {mapping.key_lines[key]}); keep one"
                )
            )
            continue
        mapping[key] = _convert(value_node, shown_path, problems, key_where)
        mapping.key_lines[key] = key_line
    return mapping


def _layout_hint(text: str, mark: _Mark | None, reason: str) -> str | None:
    """The usual causes of PyYAML's two most common complaints, said with the fix: a colon and a
    space inside a value (quote the value: the line as it should read), and a line indented
    unlike the keys around it (how far it is, how far they are)."""
    line_number = _line(mark)
    if line_number is None:
        return None
    lines = text.split("\n")
    if line_number > len(lines):
        return None
    line = lines[line_number - 1]
    indent = len(line) - len(line.lstrip(" "))
    above = next(
        (one for one in reversed(lines[: line_number - 1]) if one.strip() and not one.lstrip().startswith("#")), None
    )
    above_indent = None if above is None else len(above) - len(above.lstrip(" "))
    body = line.strip()
    if reason == "mapping values are not allowed here":
        key, colon, value = body.partition(": ")
        if colon and ": " in value and not value.startswith(("'", '"')):
            prefix = "- " if key.startswith("- ") else ""
            key = key.removeprefix("- ")
            quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return f"a colon and a space in the value of {key!r}; quote the value: {prefix}{key}: {quoted}"
        if above_indent is not None and indent > above_indent:
            return f"line {line_number} is indented by {indent} spaces, more than the line above ({above_indent}); indent it by {above_indent} like the keys beside it"
    if reason.startswith("expected <block end>") and above_indent is not None and indent != above_indent:
        return f"line {line_number} is indented by {indent} spaces, the line above by {above_indent}; keys of one mapping line up exactly"
    return None
