"""Stage 4, publish: ``{path: bytes}`` in, the output folder swapped in whole.

The only stage that writes. Everything is written into a temporary folder
beside the output folder, flushed to disk, then exchanged with the old
folder in one atomic ``renameat2(RENAME_EXCHANGE)``; where the kernel lacks
it, two renames with recovery of the old folder on the next run. A lock file
beside the folder serialises concurrent builds. On any failure the old
folder stays as it was.

Publish keeps its own record of what it wrote (each file's hash, size,
modification time and inode, beside the folder): a file whose bytes did not
change and that is still as the last publish left it is hard-linked into
the new folder rather than written again, so it keeps its modification time
(and clients' caches stay valid); when no file changed, nothing is written
and the folder is not swapped at all.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from generator.published import FileState, forget_record, read_record, write_record
from generator.render import Body, Kept, check_path

Bytes = bytes | list[bytes]
"""An output made: whole, or in parts written one after the other."""

__all__ = ["ChangedMeanwhile", "FileState", "PublishError", "is_intact", "publish", "read_record", "unchanged_files"]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(Exception):
    """The output folder could not be written (disk full, read-only, ...)."""


class ChangedMeanwhile(PublishError):
    """A file to be kept as published (render.Kept) was replaced since the build looked at it."""


def publish(outputs: Mapping[str, Body] | Iterable[tuple[str, Body]], out_dir: Path) -> dict[str, FileState]:
    """Publish the outputs (a mapping, or pairs given one at a time); give what each file now is."""
    out_dir = Path(out_dir).absolute()
    pairs = sorted(outputs.items()) if isinstance(outputs, Mapping) else outputs
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            _recover(out_dir)
            intact = _intact(read_record(out_dir), out_dir)
            writer = _Writer(out_dir, intact)
            try:
                with writer:
                    for path, body in pairs:
                        check_path(path)
                        writer.put(path, body)
                files, staging = writer.files, writer.staging
                if staging is None and files.keys() == intact.keys() == _listing(out_dir):
                    return files  # no file changed: nothing to write, nothing to swap
                if staging is None:
                    staging = writer.staging = _staging(out_dir)
                for path in writer.unchanged:
                    files[path] = _keep(out_dir / path, staging / path, files[path][0])
                _seal(staging)
                forget_record(out_dir)
                _swap_in(staging, out_dir)
                write_record(out_dir, files)  # renaming a folder keeps its files' inodes
                return files
            finally:
                if writer.staging is not None:
                    shutil.rmtree(writer.staging, ignore_errors=True)
    except OSError as error:
        raise PublishError(
            f"could not write {out_dir}: {error.strerror or error}; the previous site is unchanged"
        ) from error


IN_FLIGHT = 256 << 20
"""Bytes made and not yet written by which the build may run ahead of the writer. Bounded, so
that what compose lets go of (render/compose.py) is not all held here (make bench's peak memory);
large enough to hold ``all.ics`` and ``all.json`` of 60,000 sessions together, so that making
the rest does not wait on their hashing and writing (a one-session change at 60,000 sessions:
0.25 s shorter than with four outputs at most)."""


WRITERS = 2
"""Threads that hash and write: two large files at once (a one-session change at 60,000 sessions
writes all.ics and all.json, 140 MB; 0.2 s shorter with two than with one)."""


class _Writer:
    """Hashes each output and writes those that changed into the staging folder (made when the
    first one is written), in a thread of its own: hashing a large piece (:func:`_chunks`),
    writing and flushing to disk release the interpreter, so the outputs after them are made
    meanwhile. A cold build at 60,000 sessions went from about 14 s to about 11 s with it; with
    each VEVENT hashed on its own (too small to let the interpreter go) it gained nothing. A
    failure stops the rest and is raised in the caller, by ``put`` or on leaving the ``with`` block.
    An output kept as published (render.Kept) is checked in the caller's thread, never queued."""

    def __init__(self, out_dir: Path, intact: dict[str, FileState]) -> None:
        self.out_dir, self.intact = out_dir, intact
        self.files: dict[str, FileState] = {}
        self.unchanged: list[str] = []
        self.staging: Path | None = None
        self._kept: dict[str, FileState] = {}
        self._error: BaseException | None = None
        self._queue: queue.Queue[tuple[str, Bytes, int] | None] = queue.Queue()
        self._room = threading.Condition()
        self._pending = 0
        self._staging_made = threading.Lock()
        self._threads = [threading.Thread(target=self._run, name="publish", daemon=True) for _ in range(WRITERS)]

    def __enter__(self) -> _Writer:
        for thread in self._threads:
            thread.start()
        return self

    def put(self, path: str, body: Body) -> None:
        self._raise()
        if isinstance(body, Kept):
            state = self.intact.get(path)
            if state is None or state[0] != body.digest:
                raise ChangedMeanwhile(
                    f"{self.out_dir / path} changed while the site was being built; build again. The previous site is unchanged"
                )
            self._kept[path] = state
            return
        size = len(body) if isinstance(body, bytes) else sum(map(len, body))
        with self._room:
            while self._pending and self._pending + size > IN_FLIGHT and self._error is None:
                self._room.wait()
            self._pending += size
        self._queue.put((path, body, size))

    def __exit__(self, *exc_info: object) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self.files.update(self._kept)
        self.unchanged.extend(self._kept)
        if exc_info[0] is None:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            path, body, size = job
            if self._error is None:
                try:
                    self._write(path, body)
                except BaseException as error:  # handed to the caller's thread
                    self._error = error
            with self._room:
                self._pending -= size
                self._room.notify()

    def _write(self, path: str, body: Bytes) -> None:
        digest = _sha256(body)
        if path in self.intact and self.intact[path][0] == digest:
            self.unchanged.append(path)
            self.files[path] = self.intact[path]
            return
        with self._staging_made:
            if self.staging is None:
                self.staging = _staging(self.out_dir)
        _write_all({path: body}, self.staging)
        self.files[path] = _state(self.staging / path, digest)


def unchanged_files(out_dir: Path, record: dict[str, FileState]) -> dict[str, FileState]:
    """The files of the output folder still as ``record`` (:func:`read_record`) says the last publish wrote them."""
    return _intact(record, Path(out_dir).absolute())


def is_intact(out_dir: Path, record: dict[str, FileState]) -> bool:
    """True when the output folder holds exactly what ``record`` (:func:`read_record`) says the last
    publish wrote, untouched, and no interrupted publish left folders beside it."""
    out_dir = Path(out_dir).absolute()
    if not record or _intact(record, out_dir).keys() != record.keys() or _listing(out_dir) != record.keys():
        return False
    leftovers = (*out_dir.parent.glob(f".{out_dir.name}.new-*"), *out_dir.parent.glob(f".{out_dir.name}.old-*"))
    return not leftovers


def _sha256(body: Bytes) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(body):
        digest.update(chunk)
    return digest.hexdigest()


CHUNK = 4 << 20
"""Each piece joined takes the interpreter while it is copied, and the writer waits for the
interpreter after each piece it hashes or writes: fewer, larger pieces wait less, but each
writer holds one (a cold build at 60,000 sessions peaked at 406 MB with pieces of 4 MB, 429 MB
with 8 MB and 455 MB with 16 MB, in about the same time)."""


def _chunks(body: Bytes) -> Iterator[bytes]:
    """The body in pieces of :data:`CHUNK` bytes or so: hashlib and the file system let the
    interpreter go while they work on a large piece, so the build makes the next output meanwhile;
    a VEVENT or a JSON item (about a kilobyte) is too small for that."""
    if isinstance(body, bytes):
        yield body
        return
    batch: list[bytes] = []
    size = 0
    for part in body:
        batch.append(part)
        size += len(part)
        if size >= CHUNK:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def _staging(out_dir: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))


def _state(path: Path, digest: str) -> FileState:
    status = os.stat(path)
    return (digest, status.st_size, status.st_mtime_ns, status.st_ino)


def _intact(published: Mapping[str, FileState], out_dir: Path) -> dict[str, FileState]:
    """The files of the previous build that are still as it left them."""
    intact = {}
    for path, (digest, size, mtime, inode) in published.items():
        try:
            status = os.stat(out_dir / path)
        except OSError:
            continue
        if (status.st_size, status.st_mtime_ns, status.st_ino) == (size, mtime, inode):
            intact[path] = (digest, size, mtime, inode)
    return intact


def _listing(out_dir: Path) -> set[str]:
    if not out_dir.is_dir():
        return set()
    return {str(path.relative_to(out_dir)) for path in out_dir.rglob("*") if not path.is_dir()}


def _keep(source: Path, target: Path, digest: str) -> FileState:
    """An unchanged file in the new folder: the same inode, so the same modification time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target)  # no hard links here: a copy with the old modification time
    return _state(target, digest)


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _recover(out_dir: Path) -> None:
    """Undo what an interrupted earlier run left: restore an old folder, drop staging ones."""
    leftovers = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"))
    if leftovers and not out_dir.exists():
        os.rename(leftovers.pop(), out_dir)
    for path in [*leftovers, *out_dir.parent.glob(f".{out_dir.name}.new-*")]:
        shutil.rmtree(path, ignore_errors=True)


def _write_all(outputs: Mapping[str, Bytes], staging: Path) -> None:
    for path, body in sorted(outputs.items()):
        check_path(path)
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.writelines(_chunks(body))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(target, 0o644)


def _seal(staging: Path) -> None:
    os.chmod(staging, 0o755)
    for folder in sorted(
        {path.parent for path in staging.rglob("*")} | {staging}, key=lambda p: len(p.parts), reverse=True
    ):
        _fsync_dir(folder)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
    elif not _exchange(staging, out_dir):
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.rename(out_dir, old)
        try:
            os.rename(staging, out_dir)
        except OSError:
            # Put the old folder back now, not on the next run: a failed
            # build must leave the site as it was.
            os.rename(old, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(out_dir.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
