"""Stage 4, publish: ``{path: bytes}`` in, the output folder swapped in whole.

The only stage that writes. Everything is written into a temporary folder
beside the output folder, flushed to disk, then exchanged with the old
folder in one atomic ``renameat2(RENAME_EXCHANGE)``; where the kernel lacks
it, two renames with recovery of the old folder on the next run. A lock file
beside the folder serialises concurrent builds. On any failure the old
folder stays as it was.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.render import check_path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(Exception):
    """The output folder could not be written (disk full, read-only, ...)."""


def publish(outputs: dict[str, bytes], out_dir: Path) -> None:
    out_dir = Path(out_dir).absolute()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            _recover(out_dir)
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
            try:
                _write_all(outputs, staging)
                _swap_in(staging, out_dir)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as error:
        raise PublishError(f"could not write {out_dir}: {error.strerror or error}; the previous site is unchanged") from error


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


def _write_all(outputs: dict[str, bytes], staging: Path) -> None:
    for path, body in sorted(outputs.items()):
        check_path(path)
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(target, 0o644)
    os.chmod(staging, 0o755)
    _fsync_dir(staging)


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
