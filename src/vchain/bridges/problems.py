"""What goes wrong with a file brought in or sent out, said where it happened.

A :class:`BridgeError` carries every problem found (up to :data:`MAX_SHOWN` are shown),
each naming the file and the place in it: the sheet, row and column of a workbook or csv
file, or the JSON path of a Kumu blueprint.  It is the user's problem (exit 2), never a
bug, and nothing is written when one is raised.
"""

from __future__ import annotations

from dataclasses import dataclass

from vchain.safetext import visible

MAX_SHOWN = 30
"""Problems listed in one message; the rest are counted."""


@dataclass(frozen=True)
class Place:
    """Where in a source a problem is: a file, and a sheet/row/column or a JSON path."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts = [visible(self.file)]
        if self.sheet is not None:
            parts.append(f"sheet {visible(self.sheet)}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {visible(self.column)}")
        if self.path is not None:
            parts.append(visible(self.path))
        return ", ".join(parts)

    def inside(self) -> str:
        """Where in the file, without the file: ``$.elements[3]``, ``sheet Elements, row 4``."""
        return str(Place("", self.sheet, self.row, self.column, self.path)).lstrip(", ") or "-"

    def at(self, *, row: int | None = None, column: str | None = None) -> Place:
        """The same place, in that row and column (those not given stay)."""
        row = self.row if row is None else row
        column = self.column if column is None else column
        return Place(self.file, self.sheet, row, column, self.path)

    def child(self, segment: str | int) -> Place:
        """The JSON path one level down: ``$.elements`` -> ``$.elements[3]``."""
        base = self.path or "$"
        step = f"[{segment}]" if isinstance(segment, int) else f".{segment}"
        return Place(self.file, self.sheet, self.row, self.column, base + step)


@dataclass(frozen=True)
class Problem:
    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class BridgeError(Exception):
    """A source that cannot be brought in, or a chain that cannot be sent out (exit 2)."""

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        self.problems = problems
        self.hint = hint
        super().__init__(self.text())

    def text(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"... and {len(self.problems) - MAX_SHOWN} more problems")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


def refuse(place: Place, message: str, hint: str | None = None) -> BridgeError:
    """One problem as an error to raise."""
    return BridgeError([Problem(place, message)], hint)


class Collector:
    """Problems gathered while reading; :meth:`check` raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: Place, message: str) -> None:
        self.problems.append(Problem(place, message))

    def check(self, hint: str | None = None) -> None:
        if self.problems:
            raise BridgeError(self.problems, hint)
