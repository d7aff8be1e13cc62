"""The one error type for the user's mistakes.

A :class:`Problem` says where (file, line, field path) and what is wrong; a
:class:`UserError` carries every problem found so that all of them are
reported at once. Bugs in our own code are not user errors and keep their
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return one_line(text)


def one_line(text: str) -> str:
    """A problem is one line: a character that is not printable (a key named "\\r" in a field
    path) is shown escaped, as Python writes it in a string."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


class UserError(Exception):
    """Every problem found in the input; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)
