"""Stage 1, load: read ``feeds/`` into raw documents.

Takes a feeds folder and gives :class:`Documents`: every YAML file parsed
strictly into :class:`Mapping`, :class:`Sequence` and :class:`Text` values
that remember their line numbers. Every scalar stays a string (no YAML 1.1
surprises such as ``12:30`` -> 750 or ``NO`` -> False); duplicate keys,
anchors, aliases and explicit tags are refused. Nothing is converted here:
that is the validate stage's job.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from generator.errors import Problem, UserError
from generator.model import Series

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


@dataclass(frozen=True)
class Document:
    path: str
    """The path as shown in messages, relative to the feeds folder's parent."""
    data: Mapping | None
    """None for a series file: parsed by :func:`series_data` when it is checked."""
    checked: Series | None = None
    """A series file's checked model that the caller already has (see load's ``checked``)."""
    raw: bytes = b""
    """A series file's bytes, until it is parsed."""


def series_data(doc: Document) -> Mapping:
    """A series file's YAML, parsed strictly (as every file is) when validate checks it: one
    series file's parsed YAML is held at a time, never all of them (the parsed form is many times
    the file's size: make bench's peak memory at 60,000 sessions)."""
    return parse_document(doc.raw, doc.path)


@dataclass
class Documents:
    site: Document | None = None
    venues: Document | None = None
    series: list[Document] = field(default_factory=list)
    collections: list[Document] = field(default_factory=list)
    drivers: list[Document] = field(default_factory=list)


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


def load(feeds_dir: Path, checked: dict[Path, Series] | None = None) -> Documents:
    """Read every YAML file of a feeds folder; raise UserError listing all problems.

    ``checked``: series files (by path) whose checked model the caller already
    has (the build cache's): not read again; their Document carries the model.
    """
    checked = checked or {}
    feeds_dir = Path(feeds_dir)
    problems: list[Problem] = []
    docs = Documents()
    shown_root = feeds_dir.parent
    unparsed: list[tuple[int, Document]] = []  # series files, parsed when checked; each with where its problems go

    def read(path: Path, series: bool = False) -> Document | None:
        shown = _shown_path(path, shown_root)
        if _outside(path, feeds_root):
            problems.append(Problem(shown, None, "", f"is a link to a file outside the feeds folder; {OUTSIDE_ADVICE}"))
            return None
        if series and path in checked:
            return Document(shown, None, checked[path])
        try:
            raw = read_file(path, shown)
            if series:
                unparsed.append((len(problems), Document(shown, None, raw=raw)))
                return unparsed[-1][1]
            return Document(shown, parse_document(raw, shown))
        except UserError as error:
            problems.extend(error.problems)
            return None

    if not feeds_dir.is_dir():
        raise UserError([Problem(str(feeds_dir), None, "", "feeds folder not found; pass --feeds DIR")])
    feeds_root = feeds_dir.resolve()
    for name in ("site", "venues"):
        path = feeds_dir / f"{name}.yaml"
        if path.is_file():
            setattr(docs, name, read(path))
        else:
            problems.append(
                Problem(
                    _shown_path(path, shown_root),
                    None,
                    "",
                    f"missing file; create {name}.yaml (see the README's feed format reference)",
                )
            )
    for folder, target in (("series", docs.series), ("collections", docs.collections), ("drivers", docs.drivers)):
        if _outside(feeds_dir / folder, feeds_root):
            problems.append(
                Problem(
                    _shown_path(feeds_dir / folder, shown_root),
                    None,
                    "",
                    f"is a link to a folder outside the feeds folder; {OUTSIDE_ADVICE}",
                )
            )
            continue
        for path in sorted((feeds_dir / folder).glob("*")):
            if path.suffix == ".yml":
                problems.append(
                    Problem(_shown_path(path, shown_root), None, "", "rename to .yaml: only .yaml files are read")
                )
            elif path.suffix == ".yaml":
                document = read(path, series=folder == "series")
                if document is not None:
                    target.append(document)
    if problems:
        # Every problem in every file: the series files' YAML too, each at its file's place.
        for at, doc in reversed(unparsed):
            try:
                series_data(doc)
            except UserError as error:
                problems[at:at] = error.problems
        raise UserError(problems)
    return docs


def read_file(path: Path, shown_path: str) -> bytes:
    """A feeds file's bytes; what is not a plain file, or is over the size
    limit, is refused before it is read (a link to /dev/zero never ends)."""

    def fail(message: str) -> UserError:
        return UserError([Problem(shown_path, None, "", message)])

    try:
        if not path.is_file():
            raise fail("not a plain file (a folder, a device or a broken link); a feed must be a .yaml file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(f"file is {size} bytes, over the limit of {MAX_FILE_BYTES}; split it into smaller files")
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)  # one that grew since is refused by parse_document
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror}") from None


OUTSIDE_ADVICE = "only what is inside it is read: move or copy the file into the feeds folder instead of linking to it"


def _outside(path: Path, feeds_root: Path) -> bool:
    """Whether a path that exists resolves (through symbolic links) to a place
    outside the feeds folder: such a file is not read, as a link could publish
    any file the build can read."""
    if not path.is_file() and not path.is_dir():
        return False  # missing, broken or not a plain file: reported as such
    try:
        return not path.resolve().is_relative_to(feeds_root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


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
