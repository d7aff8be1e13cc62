"""An output made in parts: its pieces (VEVENTs, JSON items, and the text around them) written one
after the other and never joined, each with its sha256.

Publish tells whether such a file changed by its digest, the sha256 of its parts' sha256s in
order, without reading its bytes again. A piece's sha256 is taken once, when its series is
rendered (render/series.py), and is kept with it in the build cache: a one-session change
rewrites the combined feeds, but hashes only the changed series' pieces and the 32-byte digests of
the others. At make bench's 60,000 sessions, hashing the 140 MB of ``all.ics`` and ``all.json``
again took the one-session change from 1.80 s to 2.09 s (alternating runs, medians of six).

The digest depends on where the parts divide as well as on the bytes: the same bytes in other
parts would be written again, never left as they were when they changed.
"""

from __future__ import annotations

import hashlib
import operator
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import SupportsIndex

Piece = bytes | memoryview
"""A VEVENT, a JSON item, or the text around them: made now, or a view of the build cache's file."""


def piece_digest(piece: Piece) -> bytes:
    """A piece's sha256 (32 bytes)."""
    return hashlib.sha256(piece).digest()


def digests(pieces: Iterable[Piece]) -> tuple[bytes, ...]:
    return tuple(map(piece_digest, pieces))


@dataclass(frozen=True)
class Parts:
    parts: list[Piece]
    part_digests: list[Piece]
    """Each part's sha256 (:func:`piece_digest`), in the same order."""

    def __post_init__(self) -> None:
        if len(self.parts) != len(self.part_digests):
            raise ValueError("one digest per part")

    @property
    def size(self) -> int:
        return sum(map(len, self.parts))

    @property
    def digest(self) -> str:
        """The sha256 of the parts' sha256s, in order (hex)."""
        return hashlib.sha256(b"".join(self.part_digests)).hexdigest()

    def joined(self) -> bytes:
        return b"".join(self.parts)


class Pieces(tuple[Piece, ...]):
    """A series' pieces of one kind, in order: each session's VEVENT, or each JSON item.

    Pickled with protocol 5, they are one buffer that the pickler may keep out of band: the build
    cache keeps it apart in its file and reads it back mapped (cache.read_kept), each piece a view
    of the mapping, never a copy. Elsewhere (the workers' results) the buffer is in the pickle."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, ...]:
        if operator.index(protocol) < 5:
            return (Pieces, (tuple(map(bytes, self)),))  # a view of the cache's file is copied out
        return (_pieces, (pickle.PickleBuffer(b"".join(self)), tuple(map(len, self))))


def _pieces(buffer: Piece, lengths: tuple[int, ...]) -> Pieces:
    """The pieces of :meth:`Pieces.__reduce_ex__`'s buffer, each a view of it."""
    piece: Callable[[slice], memoryview] = memoryview(buffer).__getitem__
    ends = list(accumulate(lengths))
    return Pieces(map(piece, map(slice, [0, *ends], ends)))
