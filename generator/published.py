"""The record of what the last publish wrote, beside the output folder, as
``.<name>.published`` (JSON: path -> [digest, size, mtime ns, inode]).

generator/publish.py writes it after each swap and removes it before the
next, so a record always describes the folder it sits beside; without one,
every file is written.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FileState = tuple[str, int, int, int]
"""What a published file is: its digest (hex: the sha256 of its bytes, or for an output made in
parts, of its parts' sha256s, render/parts.py), size, modification time (ns) and inode."""


def record_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.published"


def read_record(out_dir: Path) -> dict[str, FileState]:
    try:
        data = json.loads(record_path(out_dir).read_bytes())
        return {str(path): (str(a), int(b), int(c), int(d)) for path, (a, b, c, d) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # missing, or left half-written: every file is written again


def write_record(out_dir: Path, files: dict[str, FileState]) -> None:
    target = record_path(out_dir)
    handle, temporary = tempfile.mkstemp(prefix=f".{out_dir.name}.record-", dir=out_dir.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(files, stream, sort_keys=True)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def forget_record(out_dir: Path) -> None:
    record_path(out_dir).unlink(missing_ok=True)


def file_state(path: Path, digest: str) -> FileState:
    """What a file just written is, for the record."""
    status = os.stat(path)
    return (digest, status.st_size, status.st_mtime_ns, status.st_ino)
