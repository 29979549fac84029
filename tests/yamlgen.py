"""Chain-like YAML texts written every way YAML allows, for the fmt invariant's tests.

:func:`chain_text` writes a mapping of chain sections with comments everywhere (above
entries, at line ends, between a key and its value, inside flow collections written over
several lines, around ``---`` and ``...``), odd whitespace (tabs after values and
colons, wide and narrow indentation), every scalar style (plain, quoted, literal and
folded with their indicators, tagged, anchored, aliased), flow and block collections,
U+2028 and U+0085 inside values and comments, and CR, CRLF or mixed line breaks.  Each
comment holds a marker ``cN~``, so that a test knows which comments the text holds.
Choices come from a ``random.Random``; hypothesis passes one it controls, so that a
failing text shrinks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

KEYS = [
    "chain", "functions", "partners", "flows", "name", "type", "region",
    "market_opportunity", "coordinator", "performs", "services", "interests", "notes",
    "capacity", "output", "local", "stage", "text", "kind", "from", "to", "what", "x-extra",
    "grower-coop", "soup_kitchen", "b2", "Zeta", "1", "true",
]  # fmt: skip
WORDS = ["Grow", "tomatoes", "soup", "R", "40 t/yr", "valley", "co-op", "café", "über"]
ODD = ["\u2028", "\x85", "\u2029", "\t", " # not", "'", '"', "é", "\u00a0"]


@dataclass
class Text:
    text: str
    comments: list[str] = field(default_factory=list)
    """Every comment's text (``# cN ...``), in the order of the text."""


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.comments: list[str] = []
        self.texts: list[str] = []
        self.anchors: list[str] = []

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- comments and whitespace ----------------------------------------------------------
    def comment(self) -> str:
        marker = f"c{len(self.comments) + 1}~"  # no marker starts another one
        self.comments.append(marker)
        tails = ["", " note", "\tx", " # again", " 'q' \"d\"", " a\u2028b", " n\x85l"]
        tail = self.rng.choice(tails)
        text = f"#{self.rng.choice(['', ' '])}{marker}{tail}"
        self.texts.append(text)
        return text

    def eol(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return self.rng.choice([" ", "  ", "\t", " \t"]) + self.comment()
        if roll < 0.45:
            return self.rng.choice([" ", "\t", "  \t"])
        return ""

    def above(self, indent: int) -> list[str]:
        lines = []
        for _ in range(self.rng.choice([0, 0, 0, 1, 2])):
            if self.chance(0.3):
                lines.append(self.rng.choice(["", " "]))
            else:
                pad = max(0, indent + self.rng.choice([0, 0, -1, 2]))
                lines.append(" " * pad + self.comment())
        return lines

    # -- scalars ---------------------------------------------------------------------------
    def word(self) -> str:
        word = self.rng.choice(WORDS)
        if self.chance(0.15):
            odd = self.rng.choice(["\u2028", "\x85", "\u2029"])
            word = f"{word}{odd}{self.rng.choice(WORDS)}"
        return word

    def scalar(self, *, flow: bool = False) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            text = self.word()
        elif roll < 0.45:
            text = self.rng.choice(["12", "0.5", "-3", "1e3", "yes", "null", "~", "2026-01-01"])
        elif roll < 0.6:
            inner = self.word() + self.rng.choice(ODD) + self.word()
            text = "'" + inner.replace("'", "''").replace("\t", " ") + "'"
        elif roll < 0.72:
            inner = self.word() + self.rng.choice(["\\n", "\\t", "\\u00e9", "\\L", "\\N", " # x"])
            text = '"' + inner.replace('"', '\\"') + '"'
        elif roll < 0.8:
            text = self.rng.choice(["! 123", "!!str 7", "!!int 3", "! yes", "!!float 1"])
        elif roll < 0.88 and self.anchors:
            return "*" + self.rng.choice(self.anchors)
        else:
            text = self.word()
        if flow and text[:1] not in "'\"":
            text = text.replace(",", "").replace("#", "")
        if self.chance(0.12):
            name = f"a{len(self.anchors) + 1}"
            self.anchors.append(name)
            text = f"&{name} {text}"
        return text

    def block_scalar(self, indent: int) -> list[str]:
        style = self.rng.choice("|>")
        chomp = self.rng.choice(["", "-", "+"])
        explicit = self.chance(0.25)
        step = self.rng.choice([1, 2, 4]) if explicit else self.rng.choice([1, 2, 3])
        header = style + (str(step) if explicit else "") + chomp
        header += self.rng.choice(["", "", "\t", " "]) + (
            " " + self.comment() if self.chance(0.25) else ""
        )
        lines = [header]
        pad = " " * (indent + step)
        for _ in range(self.rng.randint(1, 3)):
            kind = self.rng.random()
            if kind < 0.15:
                lines.append("")
            elif kind < 0.3:
                lines.append(pad + "  indented " + self.word())
            elif kind < 0.4:
                lines.append(pad + "# not a comment")
            else:
                lines.append(pad + self.word() + self.rng.choice(["", " ", "\t"]))
        if explicit and lines[1].startswith(pad):
            lines[1] = pad + " " * self.rng.choice([0, 1]) + lines[1][len(pad) :]
        if lines[1] == "":
            lines[1] = pad + "first"
        lines += [""] * self.rng.choice([0, 0, 1, 2])
        return lines

    # -- flow collections ------------------------------------------------------------------
    def flow(self, indent: int, depth: int) -> list[str]:
        is_map = self.chance(0.5)
        count = self.rng.randint(0, 3)
        keys = self.rng.sample(KEYS, count)
        items = []
        for key in keys:
            value = self.flow(indent, depth + 1)[0] if depth < 1 and self.chance(0.2) else None
            value = value or self.scalar(flow=True)
            items.append(f"{key}: {value}" if is_map else value)
        if not is_map and self.chance(0.1):
            items.append("? " + self.scalar(flow=True))
        opening, closing = ("{", "}") if is_map else ("[", "]")
        if depth > 0 or not items or not self.chance(0.3):
            return [opening + ", ".join(items) + closing]
        lines = [opening + (self.eol() if self.chance(0.5) else "")]
        pad = " " * (indent + self.rng.choice([1, 2, 4]))
        for place, item in enumerate(items):
            comma = "," if place < len(items) - 1 or self.chance(0.3) else ""
            lines += [line for line in self.above(len(pad)) if line.strip()]
            lines.append(pad + item + comma + self.eol())
        lines.append(" " * (indent + 1) + closing)
        return lines

    # -- block collections -----------------------------------------------------------------
    def value(self, indent: int, depth: int) -> tuple[str, list[str]]:
        """(the rest of the key's line, the lines under it)."""
        roll = self.rng.random()
        step = self.rng.choice([1, 2, 2, 4])
        if depth < 3 and roll < 0.3:
            props = f" &a{len(self.anchors) + 1}" if self.chance(0.1) else ""
            if props:
                self.anchors.append(props.strip()[1:])
            body = self.mapping(indent + step, depth + 1)
            return props + self.eol(), self.above(indent + step) + body
        if depth < 3 and roll < 0.45:
            seq_indent = indent + self.rng.choice([0, step])
            return self.eol(), self.above(seq_indent) + self.sequence(seq_indent, depth + 1)
        if roll < 0.55:
            block = self.block_scalar(indent)
            return " " + block[0], block[1:]
        if roll < 0.65:
            lines = self.flow(indent, 0)
            return " " + lines[0], lines[1:]
        if roll < 0.72:
            return self.eol(), [c for c in self.above(indent + step) if c.strip()] + [
                " " * (indent + step) + self.scalar() + self.eol()
            ]
        if roll < 0.76:
            return self.eol(), []
        separator = self.rng.choice([" ", " ", "\t", "  ", " \t"])
        return separator + self.scalar() + self.eol(), []

    def mapping(self, indent: int, depth: int) -> list[str]:
        lines: list[str] = []
        for number, key in enumerate(self.rng.sample(KEYS, self.rng.randint(1, 4))):
            if number:
                lines += self.above(indent)
            if self.chance(0.03):  # an explicit key
                pad = " " * indent
                lines += [f"{pad}? {key}{self.eol()}", f"{pad}: {self.scalar()}{self.eol()}"]
                continue
            rest, under = self.value(indent, depth)
            lines.append(" " * indent + key + ":" + rest)
            lines += under
        return lines

    def sequence(self, indent: int, depth: int) -> list[str]:
        lines: list[str] = []
        for number in range(self.rng.randint(1, 3)):
            if number:
                lines += self.above(indent)
            roll = self.rng.random()
            if roll < 0.3 and depth < 3:
                inner = self.mapping(indent + 2, depth + 1)
                lines.append(" " * indent + "- " + inner[0][indent + 2 :])
                lines += inner[1:]
            elif roll < 0.4 and depth < 3:
                inner = self.sequence(indent + 2, depth + 1)
                lines.append(" " * indent + "- " + inner[0][indent + 2 :])
                lines += inner[1:]
            elif roll < 0.5:
                block = self.block_scalar(indent)
                lines.append(" " * indent + "- " + block[0])
                lines += block[1:]
            elif roll < 0.6:
                flow = self.flow(indent, 0)
                lines.append(" " * indent + "- " + flow[0])
                lines += flow[1:]
            elif roll < 0.65:
                lines.append(" " * indent + "-" + self.eol())
            elif roll < 0.67 and depth < 3:
                name = f"a{len(self.anchors) + 1}"
                self.anchors.append(name)
                lines.append(" " * indent + f"- &{name}" + self.eol())
                lines += self.mapping(indent + 2, depth + 1)
            else:
                lines.append(" " * indent + "- " + self.scalar() + self.eol())
        return lines

    def document(self) -> list[str]:
        head: list[str] = []
        if self.chance(0.25):
            head += self.above(0)
            if self.chance(0.4):
                head.append(self.rng.choice(["%YAML 1.2", "%YAML 1.1"]))
            head.append("---" + self.eol())
        body = ["vchain: 1" + self.eol(), *self.mapping(0, 0)]
        tail: list[str] = []
        if self.chance(0.15):
            tail = ["..." + self.eol(), *[c for c in self.above(0) if c.strip()]]
        elif self.chance(0.3):
            tail = [c for c in self.above(0) if c.strip()]
        return [*head, *body, *tail]


def chain_text(rng: random.Random) -> Text:
    gen = _Gen(rng)
    lines = gen.document()
    joined = "\n".join(lines)
    comments = sorted(gen.texts, key=joined.find)  # written in another order than made
    ending = rng.choice(["\n", "\n", "\n", "\r\n", "\r", "mixed"])
    if ending == "mixed":
        text = "".join(line + rng.choice(["\n", "\r\n", "\r"]) for line in lines)
    else:
        text = ending.join(lines) + ending
    if rng.random() < 0.1:
        text = "\ufeff" + text
    return Text(text, comments)
