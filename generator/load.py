"""Stage 1, load: read ``feeds/`` into raw documents.

Takes a feeds folder and gives :class:`Documents`: every YAML file parsed by generator/strict_yaml.py,
strictly into :class:`Mapping`, :class:`Sequence` and :class:`Text` values
that remember their line numbers. Every scalar stays a string (no YAML 1.1
surprises such as ``12:30`` -> 750 or ``NO`` -> False); duplicate keys,
anchors, aliases and explicit tags are refused. Nothing is converted here:
that is the validate stage's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, UserError
from generator.model import Series
from generator.strict_yaml import MAX_FILE_BYTES, Mapping, Sequence, Text, parse_document

__all__ = [
    "MAX_FILE_BYTES",
    "Document",
    "Documents",
    "Mapping",
    "Sequence",
    "Text",
    "load",
    "parse_document",
    "read_file",
    "series_data",
]


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
