"""The strict YAML reader: a file's bytes to strings, mappings and lists, each with its line.

Part of the load stage (generator/load.py). Every scalar stays a string (no YAML 1.1
surprises); duplicate keys, anchors and aliases, tags, tabs, deep nesting and odd
files are refused with the file and line; libyaml is used where it reads a file exactly
as the pure-Python reader does.
"""

from __future__ import annotations

import sys

import yaml

from generator.errors import Problem, UserError
from generator.yaml_guards import (
    Loader,
    Mark,
    libyaml_differs,
    line_of,
    may_hold_anchor,
    may_nest_deeply,
    refuse_aliases,
    refuse_deep_nesting,
)

MAX_FILE_BYTES = 1024 * 1024


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
_FastLoader: Loader | None = yaml.CBaseLoader if getattr(yaml, "__with_libyaml__", False) else None


"""The base resolver, in C: every plain scalar is a string (None: PyYAML is built without libyaml)."""


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
        raise fail(line_of(error.problem_mark or error.context_mark), f"not valid YAML: {reason}") from None
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
    fast = _FastLoader if _FastLoader is not None and not libyaml_differs(text) else None
    if may_nest_deeply(text):
        refuse_deep_nesting(text, shown_path, (fast, _StrictLoader) if fast else (_StrictLoader,))
    if fast:
        try:
            if may_hold_anchor(text):
                refuse_aliases(text, shown_path, fast)
            return _single_node(fast, text)
        except yaml.YAMLError:
            pass  # parsed again below, for the pure-Python parser's messages
    refuse_aliases(text, shown_path, _StrictLoader)
    return _single_node(_StrictLoader, text)


def _single_node(loader_class: Loader, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


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


def _layout_hint(text: str, mark: Mark | None, reason: str) -> str | None:
    """The usual causes of PyYAML's two most common complaints, said with the fix: a colon and a
    space inside a value (quote the value: the line as it should read), and a line indented
    unlike the keys around it (how far it is, how far they are)."""
    line_number = line_of(mark)
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
