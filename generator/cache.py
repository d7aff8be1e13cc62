"""The build cache: what the last build made, kept beside the output folder.

``.cache/<output folder name>/`` beside the output folder (``.cache/public/``
for ``--out public``) holds, each under the sha256 of everything it was made
from:

- ``state.pickle``: the key of the last build's inputs (every file of the
  feeds folder, SOURCE_DATE_EPOCH, the base URL and the code) and what it
  published (each file's sha256, size, modification time and inode);
- ``series/<key>.pickle``: a series' checked model, for the bytes of its
  file and of venues.yaml;
- ``memo/<key>.pickle``: the render results of a series' sessions
  (generator/memo.py), for those bytes and site.yaml, the build timestamp
  and the base URL; and for a collection, which files it was published as,
  for its file's bytes and its series' keys.

A rebuild whose inputs and output folder are as the last build left them
does nothing. Otherwise only the series files that changed are parsed,
checked and rendered again (with the collections that follow them), and
publish writes only the files whose bytes changed. The cache never changes
the output (a test builds with and without it and compares the bytes): the
package's own files and its libraries' versions are part of every key, so
changed code starts afresh. Anything missing or unreadable in the folder is
simply made again; it can be deleted at any time.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Hashable, Iterable

from generator.load import MAX_FILE_BYTES
from generator.memo import Memo, Pending, owner
from generator.model import Model, Series
from generator.publish import FileState

FORMAT = 1
PARTS = ("ics", "json", "index", "files")
"""What the memo's results are for (see generator/memo.py)."""
LIBRARIES = ("icalendar", "pytz", "PyYAML", "Jinja2", "MarkupSafe", "python-dateutil")


def code_key() -> str:
    """The package's files, the libraries' versions and Python's: what the output is made with."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
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


def inputs_key(code: str, feeds_dir: Path, settings: Iterable[str]) -> str | None:
    """Every file under the feeds folder (names and bytes) and the build's settings; None where one cannot be read."""
    digest = hashlib.sha256(code.encode() + b"\0")
    for setting in settings:
        digest.update(setting.encode("utf-8", "surrogateescape") + b"\0")
    feeds_dir = Path(feeds_dir)
    try:
        for path in sorted(feeds_dir.rglob("*")):
            name = path.relative_to(feeds_dir).as_posix().encode("utf-8", "surrogateescape")
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                return None  # a link, a pipe, a device: left to the load stage to judge
            if path.is_file():
                if path.stat().st_size > MAX_FILE_BYTES:
                    return None  # never read whole; the load stage refuses it
                digest.update(b"file\0" + name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
            else:
                digest.update(b"folder\0" + name + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


class BuildCache:
    def __init__(self, folder: Path, out_dir: Path, code: str) -> None:
        self.folder = folder
        self.out_dir = out_dir
        self.code = code
        state = self._read("state.pickle")
        self.state: dict | None = state if isinstance(state, dict) and state.get("format") == FORMAT and state.get("code") == code else None
        self.digests: dict[str, str] = {}
        """sha256 of each file the load stage read, by its shown path."""
        self.reused: dict[str, Series] = {}
        self._series_keys: dict[str, str] = {}
        """By series slug: the key of its file's bytes, of venues.yaml's and of the code."""
        self._collection_keys: dict[str, str] = {}
        """By the memo's name for a collection (see memo.owner): the key of its file's bytes and of its series' keys."""
        self._root: PurePosixPath | None = None
        self._site = ""
        self._context = ""
        self._intact: dict[str, str] | None = None
        self._files: dict[str, FileState] = {}
        self._failed = False
        self._written: list[Path] = []
        self._new_folders = [folder for folder in (folder.parent, folder) if not folder.exists()]

    @classmethod
    def beside(cls, out_dir: Path) -> BuildCache:
        out_dir = Path(out_dir).absolute()
        return cls(out_dir.parent / ".cache" / out_dir.name, out_dir, code_key())

    @property
    def published(self) -> dict[str, FileState]:
        """What the last build published, as it recorded it."""
        return dict(self.state["files"]) if self.state else {}

    def inputs_key(self, feeds_dir: Path, settings: Iterable[str]) -> str | None:
        return inputs_key(self.code, feeds_dir, settings)

    def unchanged(self, inputs: str | None) -> tuple | None:
        """The last build's summary, if it had these inputs and the output folder is as it left it."""
        if self.state is None or inputs is None or self.state.get("inputs") != inputs:
            return None
        files = self.published
        if set(self.intact()) != set(files) or _listing(self.out_dir) != set(files):
            return None
        if any(self.out_dir.parent.glob(f".{self.out_dir.name}.new-*")) or any(self.out_dir.parent.glob(f".{self.out_dir.name}.old-*")):
            return None  # an interrupted build's folders: publish clears them
        return self.state["summary"]

    def intact(self) -> dict[str, str]:
        """The sha256 of each file the last build published that is still as it left it."""
        if self._intact is None:
            self._intact = {}
            for path, (digest, size, mtime, inode) in self.published.items():
                try:
                    status = os.stat(self.out_dir / path)
                except OSError:
                    continue
                if (status.st_size, status.st_mtime_ns, status.st_ino) == (size, mtime, inode):
                    self._intact[path] = digest
        return self._intact

    # -- load and validate ---------------------------------------------------

    def reuse(self, path: str, raw: bytes) -> bool:
        """The load stage's hook: True for a series file whose checked model is kept (then in ``reused``)."""
        digest = self.digests[path] = hashlib.sha256(raw).hexdigest()
        shown = PurePosixPath(path)
        venues = self.digests.get(str(shown.parent.parent / "venues.yaml"))
        if shown.parent.name != "series" or venues is None:
            return False
        self._site = self.digests.get(str(shown.parent.parent / "site.yaml"), "")
        self._root = shown.parent.parent
        key = self._series_keys[shown.stem] = _key(self.code, "series", path, venues, digest)
        series = self._read(f"series/{key}.pickle")
        if isinstance(series, Series) and series.slug == shown.stem:
            self.reused[path] = series
            return True
        return False

    # -- render ----------------------------------------------------------------

    def memo(self, settings: Iterable[Hashable], model: Model | None = None) -> Memo:
        """A memo holding, for each series whose file is unchanged, its results from earlier builds
        with the same site.yaml and settings (the build timestamp and the base URL); and for each
        collection whose file and series are unchanged, which files it was published as."""
        self._context = _key(self.code, "render", self._site, *map(repr, settings))
        for feed in model.feeds if model is not None and self._root is not None else ():
            if feed.kind == "collection":
                digest = self.digests.get(str(self._root / "collections" / f"{feed.slug}.yaml"))
                series = [self._series_keys.get(one.slug) for one in feed.series]
                if digest and all(series):
                    self._collection_keys[owner(feed)] = _key(self.code, "collection", digest, *series)  # type: ignore[arg-type]
        return Memo(stored=self._stored_results, keep=self._keep_results, published=self.intact().get)

    def _memo_name(self, part: str, slug: str) -> str | None:
        key = self._series_keys.get(slug) or self._collection_keys.get(slug)
        return f"memo/{_key(self._context, key, part)}.pickle" if key else None

    def _stored_results(self, part: str, slug: str) -> dict | None:
        name = self._memo_name(part, slug)
        results = self._read(name) if name else None
        return results if isinstance(results, dict) else None

    def _keep_results(self, part: str, slug: str, results: dict) -> None:
        name = self._memo_name(part, slug)
        if name is None:
            return
        try:
            self._write(name, _settled(results, self._files) if part == "files" else results)
        except (OSError, pickle.PickleError):
            self._failed = True

    # -- after publishing --------------------------------------------------------

    def save(self, inputs: str | None, files: dict[str, FileState], summary: tuple, model: Model, memo: Memo) -> None:
        """Keep what this build made; on any failure keep nothing (the next build then starts afresh)."""
        self._files = files
        memo.release()
        try:
            if self._failed:
                raise OSError("a render result could not be kept")
            self.folder.mkdir(parents=True, exist_ok=True)
            kept: set[str] = {"state.pickle"}
            by_slug = {series.slug: series for series in model.series}
            reused = {series.slug for series in self.reused.values()}
            for slug, key in self._series_keys.items():
                name = f"series/{key}.pickle"
                kept.add(name)
                if slug not in reused and slug in by_slug:
                    self._write(name, by_slug[slug])
                kept.update(filter(None, (self._memo_name(part, slug) for part in PARTS)))
            for name in self._collection_keys:
                kept.update(filter(None, (self._memo_name(part, name) for part in PARTS)))
            state = {"format": FORMAT, "code": self.code, "inputs": inputs, "files": files, "summary": summary}
            self._write("state.pickle", state)
            self._prune(kept)
        except (OSError, pickle.PickleError):
            try:
                os.unlink(self.folder / "state.pickle")
            except OSError:
                pass

    def forget(self) -> None:
        """After a failed build: remove what it wrote here, and the folders it made (a failed build leaves nothing)."""
        for path in self._written:
            path.unlink(missing_ok=True)
        for folder in reversed(self._new_folders):
            shutil.rmtree(folder, ignore_errors=True)

    def _read(self, name: str) -> object:
        try:
            with open(self.folder / name, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing, or left half-written by a killed build: made again
            return None

    def _write(self, name: str, value: object) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
            self._written.append(target)
        except BaseException:
            os.unlink(temporary)
            raise

    def _prune(self, kept: set[str]) -> None:
        for folder in ("series", "memo"):
            for path in (self.folder / folder).glob("*"):
                if f"{folder}/{path.name}" not in kept:
                    path.unlink(missing_ok=True)


def _settled(table: dict, files: dict[str, FileState]) -> dict:
    """The table with each pending file replaced by the sha256 it was published with."""
    settled = {}
    for key, value in table.items():
        if isinstance(value, Pending):
            if value.path not in files:
                continue
            value = files[value.path][0]
        settled[key] = value
    return settled


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _listing(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.is_dir()}
