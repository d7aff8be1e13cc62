"""Part of the render (JSON) stage: JSON text as ``json.dumps(value,
ensure_ascii=False, indent=2, allow_nan=False)`` writes it, byte for byte.

The standard library encodes in C only without ``indent``; with it every
value goes through Python generators, which cost a fifth of a large build
(see benchmarks/). :class:`JsonWriter` writes the same text by plain
recursion with the C string encoder, into one list of pieces (a combined
feed is tens of megabytes: :meth:`JsonWriter.dump_parts` gives them to be
written one after the other). A value already written is placed as it is:
:class:`Encoded`, or a whole array of them as :class:`EncodedItems` (a
feed's sessions, each item the same in every feed that holds it and kept
between builds). A test holds the output equal to ``json.dumps``.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder where the build has it
from typing import Any

INDENT = "  "
_INFINITIES = (float("inf"), float("-inf"))


class Encoded:
    """A value's JSON text (UTF-8), placed as it is at the nesting level it was written for."""

    __slots__ = ("text", "level")

    def __init__(self, text: bytes, level: int) -> None:
        self.text = text
        self.level = level


class EncodedItems:
    """An array's items' texts (UTF-8), each written for nesting level ``level``: placed as that array."""

    __slots__ = ("texts", "level")

    def __init__(self, texts: list[bytes], level: int) -> None:
        self.texts = texts
        self.level = level


class _NotPlain(Exception):
    """A value this writer does not handle the way json.dumps does (a key that is not a string)."""


class JsonWriter:
    def dumps(self, value: Any) -> str:
        text = self.dump(value)
        return text.decode("utf-8") if isinstance(text, bytes) else text

    def dump(self, value: Any, end: str = "") -> str | bytes:
        """The text and ``end``; UTF-8 bytes where it holds :class:`Encoded` pieces."""
        pieces: list[str | bytes] = []
        try:
            self._write(value, 0, pieces)
        except _NotPlain:
            return json.dumps(value, ensure_ascii=False, indent=len(INDENT), allow_nan=False) + end
        pieces.append(end)
        return _joined(pieces)

    def dump_parts(self, value: Any, end: str = "") -> list[bytes]:
        """``dump(value, end)`` in UTF-8, as parts to be written one after the other."""
        pieces: list[str | bytes] = []
        try:
            self._write(value, 0, pieces)
        except _NotPlain:
            return [(json.dumps(value, ensure_ascii=False, indent=len(INDENT), allow_nan=False) + end).encode("utf-8")]
        pieces.append(end)
        return _encoded(pieces)

    def encoded(self, value: Any, level: int) -> Encoded:
        """The value's text for the given nesting level, to be placed there in later documents."""
        pieces: list[str | bytes] = []
        self._write(value, level, pieces)
        text = _joined(pieces)
        return Encoded(text if isinstance(text, bytes) else text.encode("utf-8"), level)

    def _write(self, value: Any, level: int, out: list[str | bytes]) -> None:
        if isinstance(value, str):
            out.append(encode_basestring(value))
        elif value is None:
            out.append("null")
        elif value is True:
            out.append("true")
        elif value is False:
            out.append("false")
        elif isinstance(value, int):
            out.append(int.__repr__(value))
        elif isinstance(value, float):
            if value != value or value in _INFINITIES:
                raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
            out.append(float.__repr__(value))
        elif isinstance(value, (list, tuple)):
            if not value:
                out.append("[]")
                return
            inner = "\n" + INDENT * (level + 1)
            out.append("[" + inner)
            for index, item in enumerate(value):
                if index:
                    out.append("," + inner)
                self._write(item, level + 1, out)
            out.append("\n" + INDENT * level + "]")
        elif isinstance(value, dict):
            if not value:
                out.append("{}")
                return
            inner = "\n" + INDENT * (level + 1)
            out.append("{" + inner)
            for index, (key, item) in enumerate(value.items()):
                if not isinstance(key, str):
                    raise _NotPlain
                out.append(("," + inner if index else "") + encode_basestring(key) + ": ")
                self._write(item, level + 1, out)
            out.append("\n" + INDENT * level + "}")
        elif isinstance(value, EncodedItems):
            if value.level != level + 1:
                raise ValueError(f"JSON text written for nesting level {value.level} placed at level {level + 1}")
            if not value.texts:
                out.append("[]")
                return
            inner = "\n" + INDENT * (level + 1)
            # The texts and the separators between them, placed in one step.
            placed: list[str | bytes] = [("," + inner).encode("utf-8")] * (2 * len(value.texts) - 1)
            placed[::2] = value.texts
            out.append("[" + inner)
            out.extend(placed)
            out.append("\n" + INDENT * level + "]")
        elif isinstance(value, Encoded):
            if value.level != level:
                raise ValueError(f"JSON text written for nesting level {value.level} placed at level {level}")
            out.append(value.text)
        else:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _joined(pieces: list[str | bytes]) -> str | bytes:
    if not any(piece.__class__ is bytes for piece in pieces):
        return "".join(pieces)  # type: ignore[arg-type]
    return b"".join(_encoded(pieces))


def _encoded(pieces: list[str | bytes]) -> list[bytes]:
    """UTF-8 of the whole is the UTF-8 of each piece, one after the other."""
    return [piece if piece.__class__ is bytes else piece.encode("utf-8") for piece in pieces]  # type: ignore[union-attr]
