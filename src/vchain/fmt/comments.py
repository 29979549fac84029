"""Comments of a ruamel.yaml round-trip tree, in a form where they travel with their keys.

ruamel.yaml attaches a comment on the line above a key to the *previous* key's value (the
token after the value holds its end-of-line comment and every full line that follows),
sometimes deep inside a nested mapping, and keeps the comments before a collection's
first entry in two places at once.  Reordering keys in that form would hand comments to
the wrong keys.  :func:`normalize_comments` rewrites every block collection so that

- the full-line comments and blank lines above an entry sit *before that entry*
  (slot 1 of ``ca.items[key]``, which the emitter prints above the key or the dash),
  indented to the entry's column, runs of blank lines collapsed to one;
- an end-of-line comment stays on its entry's line (slot 2 of a mapping key, slot 0 of
  a sequence item), at its column;
- what follows the last entry of the document stays at the end (``ca.end``).

Flow-style collections (``{a: 1}``, ``[x, y]``) are leaves: they sit on one line.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Lines = list[str]
"""Full comment lines without their indentation ("# text"), or "" for a blank line."""

INDENT = 2
"""Entries of a nested mapping, and the dashes of a nested sequence, are two columns in."""


def is_block(node: Any) -> bool:
    """A non-empty mapping or sequence written in block style."""
    if not isinstance(node, CommentedMap | CommentedSeq) or len(node) == 0:
        return False
    return not node.fa.flow_style()


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, LiteralScalarString | FoldedScalarString)


def _without_leading_blanks(lines: Lines) -> Lines:
    """No blank line at the top of a collection (right after `key:` or the file's start)."""
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    return lines[start:]


def strip_leading_blank_tokens(tokens: list[CommentToken] | None) -> list[CommentToken] | None:
    tokens = list(tokens or [])
    while tokens and tokens[0].value == "\n":
        tokens.pop(0)
    return tokens or None


def shifted(token: CommentToken, columns: int) -> CommentToken:
    """The same full-line comment, moved ``columns`` to the right (left if negative)."""
    if token.value == "\n":
        return token
    column = max(0, int(token.column or 0) + columns)
    return CommentToken(token.value, CommentMark(column), None)


def comment_tokens(lines: Lines, column: int) -> list[CommentToken]:
    """Tokens for full lines at ``column``, never two blank lines in a row."""
    out: list[CommentToken] = []
    for line in lines:
        if not line:
            if not out or out[-1].value != "\n":
                out.append(CommentToken("\n", CommentMark(0), None))
            continue
        out.append(CommentToken(line + "\n", CommentMark(column), None))
    return out


def _eol_token(text: str | None, column: int) -> CommentToken | None:
    if text is None:
        return None
    return CommentToken(text + "\n", CommentMark(column), None)


def _shift(node: CommentedMap | CommentedSeq, key: Any, column: int, is_map: bool) -> int:
    """How many columns to the left an entry moves when it is re-indented to ``column``.

    End-of-line comments move with their line, so that comments aligned in a block
    stay aligned.
    """
    try:
        old = node.lc.key(key)[1] if is_map else node.lc.item(key)[1] - INDENT
    except (AttributeError, KeyError, TypeError, IndexError):
        return 0
    return int(old) - column


class _Normalizer:
    """One pass over a document; every token is read once (some are stored twice)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    # -- reading tokens ----------------------------------------------------------------
    def _fresh(self, token: Any) -> bool:
        if not isinstance(token, CommentToken) or id(token) in self.seen:
            return False
        self.seen.add(id(token))
        return True

    def full_lines(self, tokens: Any) -> Lines:
        """The lines of a token, or of a (nested) list of tokens, that hold full lines."""
        if isinstance(tokens, list):
            return [line for token in tokens for line in self.full_lines(token)]
        if not self._fresh(tokens):
            return []
        return [line.strip() for line in tokens.value.split("\n")[:-1]]

    def after_value(self, token: Any, *, block_scalar: bool) -> tuple[str | None, int, Lines]:
        """(end-of-line comment, its column, the full lines after it) of a value's token."""
        if not self._fresh(token):
            return None, 0, []
        lines = token.value.split("\n")[:-1]
        if block_scalar or not lines:
            # a block scalar's text ends its last line: every line here is a full line
            return None, 0, [line.strip() for line in lines]
        eol = lines[0].strip() or None
        return eol, int(token.column or 0), [line.strip() for line in lines[1:]]

    def header(self, node: CommentedBase) -> Lines:
        comment, node.ca.comment = node.ca.comment, None
        return self.full_lines(list(comment)) if comment else []

    def end(self, node: CommentedBase) -> Lines:
        end = getattr(node.ca, "end", None)
        node.ca.end = []
        return self.full_lines(end) if end else []

    # -- rewriting collections -----------------------------------------------------------
    def collection(self, node: CommentedMap | CommentedSeq, column: int, lead: Lines) -> Lines:
        """Rewrite ``node`` (entries at ``column``); return the lines after its last entry."""
        pending = lead + self.header(node)
        items: dict[Any, list[Any]] = {}
        is_map = isinstance(node, CommentedMap)
        keys: list[Any] = (
            list(node.keys()) if isinstance(node, CommentedMap) else list(range(len(node)))
        )
        for place, key in enumerate(keys):
            slot = node.ca.items.get(key) or [None, None, None, None]
            value = node[key]
            own = self.full_lines(slot[0] or []) if is_map else []
            before = pending + own + self.full_lines(slot[1] or [])
            if place == 0:
                before = _without_leading_blanks(before)
            after = slot[2] if is_map else slot[0]
            # _entry may add to `before` (what ruamel found on a dash line)
            eol, eol_column, pending = self._entry(
                value, after, slot[3], column, before, is_map=is_map
            )
            tokens = comment_tokens(before, column) or None
            eol_token = _eol_token(eol, eol_column - _shift(node, key, column, is_map))
            items[key] = (
                [None, tokens, eol_token, None] if is_map else [eol_token, tokens, None, None]
            )
        node.ca.items.clear()
        node.ca.items.update({k: v for k, v in items.items() if any(x is not None for x in v)})
        return pending + self.end(node)

    def _entry(
        self, value: Any, after: Any, header: Any, column: int, before: Lines, *, is_map: bool
    ) -> tuple[str | None, int, Lines]:
        """(end-of-line comment, its column, lines that follow) of one entry; recurses."""
        if not is_block(value):
            return self.after_value(after, block_scalar=_is_block_scalar(value))
        eol, eol_column, lead = self.after_value(after, block_scalar=False)
        lead += self.full_lines(header or [])
        if not is_map:
            # an item that is itself a block collection starts on the dash line: keep
            # anything ruamel found there above the dash
            before += ([eol] if eol else []) + lead
            eol, lead = None, []
        return eol, eol_column, self.collection(value, column + INDENT, lead)


def normalize_comments(root: CommentedMap) -> None:
    """Rewrite the comments of a whole document in place (see the module docstring)."""
    normalizer = _Normalizer()
    trailing = normalizer.collection(root, 0, [])
    end = comment_tokens(trailing, 0)
    while end and end[-1].value == "\n":
        end.pop()
    holder = _deepest_last(root)
    holder.ca.end = end
    if end and holder.ca.comment is None:
        holder.ca.comment = [None, None]  # the representer drops `end` without it


def _deepest_last(node: CommentedMap | CommentedSeq) -> CommentedMap | CommentedSeq:
    """The collection the emitter writes last: where it looks for the document's end."""
    while True:
        last = node[next(reversed(node))] if isinstance(node, CommentedMap) else node[-1]
        if not is_block(last):
            return node
        node = last


def merge_lines(first: list[CommentToken], second: list[CommentToken]) -> list[CommentToken]:
    """Two runs of comment tokens as one, never two blank lines in a row."""
    if first and second and first[-1].value == "\n" and second[0].value == "\n":
        second = second[1:]
    return first + second


def split_header(
    tokens: list[CommentToken] | None,
) -> tuple[list[CommentToken], list[CommentToken]]:
    """Split the comments above a first entry into (the collection's header, the entry's own).

    The entry's own comments are the block right above it, after the last blank line;
    without a blank line everything is the header (it describes the collection).
    """
    tokens = tokens or []
    blanks = [i for i, token in enumerate(tokens) if token.value == "\n"]
    if not blanks:
        return tokens, []
    cut = blanks[-1] + 1
    return tokens[:cut], tokens[cut:]
