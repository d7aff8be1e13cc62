"""Everything a build reads, named in one place: the code it runs, its settings, and every
file under the feeds folder (by path and sha256). The build cache (generator/cache.py)
derives every key from an :class:`Inputs`, so that a new kind of input file is part of
every key without anyone listing it.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from generator.load import MAX_FILE_BYTES

LIBRARIES = ("icalendar", "pytz", "PyYAML", "Jinja2", "MarkupSafe", "python-dateutil", "babel", "orjson")
"""The libraries whose versions the output may depend on."""


def code_key() -> str:
    """The package's files, the libraries' versions and Python's: what the output is made with."""
    digest = hashlib.sha256(f"{sys.version}\0".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Inputs:
    """Everything a build reads: the code, its settings, and every file under the feeds folder."""

    def __init__(self, code: str, feeds_dir: Path, settings: Iterable[str]) -> None:
        self.feeds_dir = Path(feeds_dir)
        self.code = code
        self.settings = tuple(settings)
        self.files = _digests(self.feeds_dir)
        """sha256 by path (under the feeds folder); None when a file cannot be read or judged here."""

    def key(self) -> str | None:
        if self.files is None:
            return None
        return digest_of(
            self.code, "build", *self.settings, *(f"{path.as_posix()}={digest}" for path, digest in self.files.items())
        )

    def series_key(self, path: Path) -> str | None:
        """The key of a series file's checked model: the code, the file, and every file that is not a series file."""
        if self.files is None or path not in self.files:
            return None
        return digest_of(self.code, "series", self._shared(), f"{path.as_posix()}={self.files[path]}")

    def feed_key(self, series: Iterable[str]) -> str | None:
        """The key of a feed drawn from these series (by slug): the code, their files, and every
        file that is not a series file (the feed's own file among them)."""
        paths = [series_path(slug) for slug in series]
        if self.files is None or any(path not in self.files for path in paths):
            return None
        return digest_of(
            self.code, "feed", self._shared(), *(f"{path.as_posix()}={self.files[path]}" for path in sorted(paths))
        )

    @functools.cache  # noqa: B019 (an Inputs lives for one build)
    def _shared(self) -> str:
        """Every file that is not a series file, by path and sha256: what every key depends on."""
        assert self.files is not None
        return digest_of(
            *(f"{path.as_posix()}={digest}" for path, digest in self.files.items() if path.parent != Path("series"))
        )

    def series_paths(self) -> list[Path]:
        return [path for path in self.files or () if path.parent == Path("series") and path.suffix == ".yaml"]


def _digests(feeds_dir: Path) -> dict[Path, str] | None:
    """sha256 of every file under the folder, by relative path; None where one is a link, a pipe,
    too large or unreadable (left to the load stage to judge, and never cached)."""
    files = {}
    try:
        for path in sorted(feeds_dir.rglob("*")):
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                return None
            if path.is_file():
                if path.stat().st_size > MAX_FILE_BYTES:
                    return None
                files[path.relative_to(feeds_dir)] = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return files


def series_path(slug: str) -> Path:
    """A series file's path under the feeds folder, as :class:`Inputs` names it."""
    return Path("series") / f"{slug}.yaml"


def digest_of(*parts: str) -> str:
    """One sha256 (hex) of several texts."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
