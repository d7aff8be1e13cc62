"""Publish's writer: each output's digest taken, and the output written into the staging folder if
it changed, in threads of its own while the build makes the next outputs (generator/publish.py).
An output made in parts (render/parts.py) brings its digest, from its parts' own; any other is hashed.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from generator.published import FileState, file_state
from generator.render import Body, Kept, Parts
from generator.render.parts import Piece

Bytes = bytes | list[Piece]
"""An output made: whole, or in parts written one after the other."""


class PublishError(Exception):
    """The output folder could not be written (disk full, read-only, ...)."""


class ChangedMeanwhile(PublishError):
    """A file to be kept as published (render.Kept) was replaced since the build looked at it."""


IN_FLIGHT = 256 << 20
"""Bytes made and not yet written by which the build may run ahead of the writer. Bounded, so
that what compose lets go of (render/compose.py) is not all held here (make bench's peak memory);
large enough to hold ``all.ics`` and ``all.json`` of 60,000 sessions together, so that making
the rest does not wait on their hashing and writing (alternating one-session changes at 60,000
sessions, medians of five: 1.83 s with 256 MB, 2.20 s with 64 MB)."""


WRITERS = 2
"""Threads that hash and write: two large files at once (a one-session change at 60,000 sessions
writes all.ics and all.json, 140 MB; alternating rebuilds, medians of eight: 1.71 s with two
threads, 1.77 s with one)."""


class Writer:
    """Takes each output's digest and writes those that changed into the staging folder (made when
    the first one is written), in :data:`WRITERS` threads of its own: hashing a large piece
    (:func:`chunks`), writing and flushing to disk release the interpreter, so the outputs after
    them are made meanwhile. A cold build at 60,000 sessions went from about 14 s to about 11 s with it; with
    each VEVENT hashed on its own (too small to let the interpreter go) it gained nothing. A
    failure stops the rest and is raised in the caller, by ``put`` or on leaving the ``with`` block.
    An output kept as published (render.Kept) is checked in the caller's thread, never queued."""

    def __init__(
        self,
        out_dir: Path,
        intact: dict[str, FileState],
        write: Callable[[Mapping[str, Bytes], Path], None],
        staging: Callable[[], Path],
    ) -> None:
        """``write``: writes outputs into a folder, flushed to disk; ``staging``: makes that folder."""
        self.out_dir, self.intact = out_dir, intact
        self._write_files, self._make_staging = write, staging
        self.files: dict[str, FileState] = {}
        self.unchanged: list[str] = []
        self.staging: Path | None = None
        self._kept: dict[str, FileState] = {}
        self._error: BaseException | None = None
        self._queue: queue.Queue[tuple[str, Bytes | Parts, int] | None] = queue.Queue()
        self._room = threading.Condition()
        self._pending = 0
        self._staging_made = threading.Lock()
        self._threads = [threading.Thread(target=self._run, name="publish", daemon=True) for _ in range(WRITERS)]

    def __enter__(self) -> Writer:
        for thread in self._threads:
            thread.start()
        return self

    def put(self, path: str, body: Body | Bytes) -> None:
        self._raise()
        if isinstance(body, Kept):
            state = self.intact.get(path)
            if state is None or state[0] != body.digest:
                raise ChangedMeanwhile(
                    f"{self.out_dir / path} changed while the site was being built; build again. The previous site is unchanged"
                )
            self._kept[path] = state
            return
        size = len(body) if isinstance(body, bytes) else body.size if isinstance(body, Parts) else sum(map(len, body))
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

    def _write(self, path: str, body: Bytes | Parts) -> None:
        # Made in parts, an output's digest is its parts' (render/parts.py): never hashed whole.
        digest = body.digest if isinstance(body, Parts) else sha256(body)
        if path in self.intact and self.intact[path][0] == digest:
            self.unchanged.append(path)
            self.files[path] = self.intact[path]
            return
        with self._staging_made:
            if self.staging is None:
                self.staging = self._make_staging()
        self._write_files({path: body.parts if isinstance(body, Parts) else body}, self.staging)
        self.files[path] = file_state(self.staging / path, digest)


def sha256(body: Bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks(body):
        digest.update(chunk)
    return digest.hexdigest()


CHUNK = 4 << 20
"""Each piece joined takes the interpreter while it is copied, and the writer waits for the
interpreter after each piece it hashes or writes: fewer, larger pieces wait less, but each
writer holds one (a cold build at 60,000 sessions peaked at 406 MB with pieces of 4 MB, 429 MB
with 8 MB and 455 MB with 16 MB, in about the same time)."""


def chunks(body: Bytes) -> Iterator[bytes]:
    """The body in pieces of :data:`CHUNK` bytes or so: hashlib and the file system let the
    interpreter go while they work on a large piece, so the build makes the next output meanwhile;
    a VEVENT or a JSON item (about a kilobyte) is too small for that."""
    if isinstance(body, bytes):
        yield body
        return
    batch: list[Piece] = []
    size = 0
    for part in body:
        batch.append(part)
        size += len(part)
        if size >= CHUNK:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)
