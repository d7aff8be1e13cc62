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
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from generator.published import FileState, file_state, forget_record, read_record, write_record
from generator.render import Body, check_path
from generator.writer import Bytes, ChangedMeanwhile, PublishError, Writer, chunks

__all__ = ["ChangedMeanwhile", "FileState", "PublishError", "is_intact", "publish", "read_record", "unchanged_files"]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def publish(
    outputs: Mapping[str, Body | Bytes] | Iterable[tuple[str, Body | Bytes]],
    out_dir: Path,
    tidy: list[threading.Thread] | None = None,
) -> dict[str, FileState]:
    """Publish the outputs (a mapping, or pairs given one at a time); give what each file now is.

    ``tidy``: where given, the old folder swapped out is removed in a thread added to it, for the
    caller to join, rather than before returning (0.04 s of a one-session change at make bench's
    60,000 sessions, spent while the build saves its cache)."""
    out_dir = Path(out_dir).absolute()
    pairs = sorted(outputs.items()) if isinstance(outputs, Mapping) else outputs
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            _recover(out_dir)
            intact = _intact(read_record(out_dir), out_dir)
            writer = Writer(out_dir, intact, _write_all, lambda: _staging(out_dir))
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
                    _remove(writer.staging, tidy)
    except OSError as error:
        raise PublishError(
            f"could not write {out_dir}: {error.strerror or error}; the previous site is unchanged"
        ) from error


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


def _remove(folder: Path, tidy: list[threading.Thread] | None) -> None:
    if tidy is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    thread = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, name="tidy")
    thread.start()
    tidy.append(thread)


def _staging(out_dir: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))


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
    return file_state(target, digest)


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
            handle.writelines(chunks(body))
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
