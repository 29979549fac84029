"""Fast, bounded YAML reading with a position for every node.

The C event parser of libyaml (through PyYAML's ``CSafeLoader``) turns the text into
events; this module builds plain Python data from them, with YAML 1.2 core-schema
scalars, and beside it a tree of positions (1-based line and column) that mirrors the
data.  Building the tree here, instead of letting PyYAML compose and construct, is
several times faster and lets us refuse hostile input while we read it: every alias
expansion, every level of nesting and every node is counted against a budget.

Comments do not matter here; ``vchain fmt`` uses ruamel.yaml's round-trip loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vchain.loading.scalars import NO_KEY, NUMERIC_START, SPECIAL, NumberTooLong, resolve_plain

__all__ = [
    "Limits",
    "LoadedYaml",
    "MapPos",
    "Pos",
    "SeqPos",
    "YamlIssue",
    "YamlRefused",
    "read_yaml",
]

Pos = tuple[int, int]
"""A 1-based (line, column)."""


class MapPos:
    """Positions of a mapping: its own, each key's and each value's."""

    __slots__ = ("column", "keys", "line", "merged", "values")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.keys: dict[Any, Pos] = {}
        self.values: dict[Any, PosNode] = {}
        self.merged: set[Any] = set()
        """Keys that came in through a merge key (<<); the mapping's own keys override them."""


class SeqPos:
    """Positions of a sequence: its own and each item's."""

    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.items: list[PosNode] = []


PosNode = MapPos | SeqPos | Pos


@dataclass(frozen=True)
class Limits:
    """What a chain file may cost to read."""

    max_bytes: int = 16 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 1_000_000
    max_alias_nodes: int = 100_000


@dataclass(frozen=True)
class YamlIssue:
    """A problem in the YAML itself that still let us read the rest (a duplicate key)."""

    message: str
    line: int
    column: int


class YamlRefused(Exception):  # noqa: N818 - it is a refusal, not a bug
    """The text is not YAML we can read, or it exceeds a limit."""

    def __init__(
        self, message: str, line: int = 1, column: int = 1, *, limit: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.rule = "VC003" if limit else "VC001"
        """VC001 for text that is not YAML, VC003 for input refused by a limit."""


@dataclass
class LoadedYaml:
    data: Any
    positions: PosNode
    issues: list[YamlIssue]


LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks as the parser counts them (its positions number lines so)."""
_CORE = "tag:yaml.org,2002:"


def _placed(text: str, line: int, column: int) -> Any:
    """:func:`resolve_plain`, a refusal placed at the scalar."""
    try:
        return resolve_plain(text)
    except NumberTooLong as exc:
        raise YamlRefused(str(exc), line, column, limit=True) from None


def _tagged(text: str, tag: str, line: int, column: int) -> Any:
    """A scalar with an explicit tag: only the core tags are accepted."""
    if tag in ("!", _CORE + "str"):
        return text
    kinds: dict[str, tuple[type, ...]] = {
        _CORE + "int": (int,),
        _CORE + "float": (int, float),
        _CORE + "bool": (bool,),
        _CORE + "null": (type(None),),
    }
    if tag in kinds:
        value = _placed(text, line, column)
        if isinstance(value, kinds[tag]) and not (tag.endswith("int") and isinstance(value, bool)):
            return (
                float(value) if isinstance(value, int | float) and tag.endswith("float") else value
            )
        raise YamlRefused(f"{text!r} is not a valid {tag.removeprefix(_CORE)}", line, column)
    raise YamlRefused(
        f"the tag {tag} is not supported: a chain file holds plain data", line, column
    )


class _Reader:
    """Builds data and positions from parser events, within limits.

    The current container lives in attributes that the hot loop copies into locals;
    ``push`` and ``pop`` save and restore them, so a scalar, the bulk of any file,
    costs a few local operations.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.anchors: dict[str, tuple[Any, PosNode, int]] = {}
        self.issues: list[YamlIssue] = []
        self.alias_nodes = 0
        self.root: tuple[Any, PosNode] | None = None
        self.restore: dict[int, str] | None = None
        """Placeholders to turn back into U+0085, U+2028, U+2029 (vchain.loading.breaks)."""

    def duplicate(self, key: Any, first: Pos, here: Pos) -> None:
        self.issues.append(
            YamlIssue(
                f"duplicate key {key!r} (first defined at line {first[0]}); "
                "the first value is kept",
                *here,
            )
        )

    def expand(self, name: str, line: int, column: int) -> tuple[Any, PosNode, int]:
        if name not in self.anchors:
            raise YamlRefused(f"unknown alias *{name}: no anchor &{name} before it", line, column)
        found = self.anchors[name]
        self.alias_nodes += found[2]
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise YamlRefused(
                f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes "
                "(an alias bomb?); write the values out instead",
                line,
                column,
                limit=True,
            )
        return found


def _merge(container: dict[Any, Any], mpos: MapPos, value: Any, pos: PosNode, at: Pos) -> None:
    """YAML merge keys (``<<: *defaults``): keys already present win."""
    sources = value if isinstance(value, list) else [value]
    positions = pos.items if isinstance(pos, SeqPos) else [pos]
    for source, spos in zip(sources, positions, strict=False):
        if not isinstance(source, dict) or not isinstance(spos, MapPos):
            raise YamlRefused("a merge key (<<) takes a mapping or a list of mappings", *at)
        for k, v in source.items():
            if k not in container:
                container[k] = v
                mpos.keys[k] = spos.keys[k]
                mpos.values[k] = spos.values[k]
                mpos.merged.add(k)


def _start(pos: PosNode) -> Pos:
    if isinstance(pos, tuple):
        return pos
    return (pos.line, pos.column)


def read_yaml(text: str, limits: Limits | None = None) -> LoadedYaml:
    """Read one YAML document; raise :class:`YamlRefused` where it cannot be read."""
    import yaml  # PyYAML's C parser; imported here to keep start-up light

    from vchain.loading.breaks import protect

    limits = limits or Limits()
    reader = _Reader(limits)
    protected = protect(text)  # U+0085, U+2028, U+2029 are characters in YAML 1.2
    reader.restore = protected.back
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(protected.text)
    try:
        _consume(loader, reader)
    except yaml.MarkedYAMLError as exc:
        deep = flow_nesting_beyond(text, limits.max_depth)
        if deep is not None:  # the parser's own limit hit first: say it in our words
            raise YamlRefused(
                f"nesting deeper than {limits.max_depth} levels", *deep, limit=True
            ) from None
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context_mark is not None and exc.problem_mark is not None and context:
            context += f" (line {exc.context_mark.line + 1})"
        message = ": ".join(p for p in (context, exc.problem) if p) or "invalid YAML"
        if mark is None:
            raise YamlRefused(message) from None
        raise YamlRefused(message, mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as exc:
        raise _unacceptable(text, exc.character) from None
    except yaml.YAMLError as exc:
        raise YamlRefused(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlRefused(f"nesting deeper than {limits.max_depth} levels", limit=True) from None
    finally:
        loader.dispose()
    if reader.root is None:
        raise YamlRefused("the file is empty: a chain file needs at least `vchain: 1`")
    data, positions = reader.root
    return LoadedYaml(data, positions, reader.issues)


def _unacceptable(text: str, character: Any) -> YamlRefused:
    """A character YAML does not allow (a raw control character), placed where it is.

    The parser's own position counts bytes of UTF-8, and it stops at the first such
    character, so the first place the text holds that character is where it stopped.
    """
    ch = chr(character) if isinstance(character, int) else str(character or "")
    at = text.find(ch)
    if not ch:
        return YamlRefused("the file holds a character that YAML does not allow")
    code = ord(ch)
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    what = "control character" if code < 0x20 or 0x7F <= code < 0xA0 else "character"
    message = (
        f"the {what} U+{code:04X} is not allowed in YAML: remove it, or "
        f'write it as {escape} inside double quotes ("...{escape}...")'
    )
    if at < 0:
        return YamlRefused(message)
    before = text[:at]
    breaks = list(LINE_BREAK.finditer(before))
    line = len(breaks) + 1
    column = at - (breaks[-1].end() if breaks else 0) + 1
    return YamlRefused(message, line, column)


_NOTHING: Any = object()


def flow_nesting_beyond(text: str, max_depth: int) -> tuple[int, int] | None:
    """Where ``[`` and ``{`` first nest deeper than ``max_depth``, as (line, column), or None.

    A cheap scan, run only after the parser has failed, so that a parser's own nesting
    limit (libyaml stops at 1,000 levels with words of its own) is reported as vchain's.
    Quoted scalars and comments are skipped; block nesting is counted by the reader.
    """
    depth = 0
    line, column = 1, 0
    quote = ""
    comment = False
    previous = "\n"
    for ch in text:
        column += 1
        if ch == "\n":
            line, column, comment = line + 1, 0, False
        elif comment:
            pass
        elif quote:
            if ch == quote and previous != "\\":
                quote = ""
        elif ch in "'\"" and (previous in " \t\n[{,:" or column == 1):
            quote = ch
        elif ch == "#" and previous in " \t\n":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return line, column
        elif ch in "]}" and depth:
            depth -= 1
        previous = ch
    return None


def _consume(loader: Any, r: _Reader) -> None:  # noqa: PLR0912, PLR0915 - the hot loop
    """Every event of the stream into ``r``; scalars, the bulk of a file, inline."""
    import yaml

    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    alias_event = yaml.AliasEvent
    document_start = yaml.DocumentStartEvent
    stream_end = yaml.StreamEndEvent
    special = SPECIAL
    numeric_start = NUMERIC_START
    no_key = NO_KEY
    limits = r.limits
    restore = r.restore
    max_nodes = limits.max_nodes
    max_depth = limits.max_depth
    anchors = r.anchors
    get_event = loader.get_event
    # the container in hand, and the stack of the ones around it
    stack: list[tuple[Any, ...]] = []
    container: Any = None
    cpos: Any = None
    is_list = False
    items: list[PosNode] = []
    keys: dict[Any, Pos] = {}
    values: dict[Any, PosNode] = {}
    key: Any = no_key
    key_pos: Pos = (0, 0)
    opened_at = 0
    anchor_here: str | None = None
    nodes = 0
    documents = 0
    while True:
        event = get_event()
        cls = event.__class__
        value: Any = _NOTHING
        if cls is scalar_event:
            mark = event.start_mark
            here = (mark.line + 1, mark.column + 1)
            pos: PosNode = here
            nodes += 1
            if nodes > max_nodes:
                raise YamlRefused(
                    f"the file has more than {max_nodes:,} YAML nodes", *here, limit=True
                )
            text = event.value
            if restore:
                text = text.translate(restore)
            if event.tag is not None:
                value = _tagged(text, event.tag, *pos)  # type: ignore[misc]
            elif event.style:
                value = text
            else:
                value = special.get(text, no_key)
                if value is no_key:
                    value = _placed(text, *here) if text and text[0] in numeric_start else text
            if event.anchor is not None:
                anchors[event.anchor] = (value, pos, 1)
        elif cls is mapping_start or cls is sequence_start:
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            nodes += 1
            if nodes > max_nodes:
                raise YamlRefused(
                    f"the file has more than {max_nodes:,} YAML nodes", line, column, limit=True
                )
            if len(stack) >= max_depth:
                raise YamlRefused(
                    f"nesting deeper than {max_depth} levels", line, column, limit=True
                )
            if event.tag not in (None, "!", _CORE + "map", _CORE + "seq"):
                raise YamlRefused(
                    f"the tag {event.tag} is not supported: a chain file holds plain data",
                    line,
                    column,
                )
            stack.append(
                (
                    container,
                    cpos,
                    is_list,
                    items,
                    keys,
                    values,
                    key,
                    key_pos,
                    opened_at,
                    anchor_here,
                )
            )
            opened_at = nodes
            anchor_here = event.anchor
            if cls is mapping_start:
                container, cpos, is_list = {}, MapPos(line, column), False
                keys, values, key = cpos.keys, cpos.values, no_key
            else:
                container, cpos, is_list = [], SeqPos(line, column), True
                items = cpos.items
            continue
        elif cls in end_events:
            value, pos = container, cpos
            if anchor_here is not None:
                anchors[anchor_here] = (value, pos, nodes - opened_at + 1)
            (
                container,
                cpos,
                is_list,
                items,
                keys,
                values,
                key,
                key_pos,
                opened_at,
                anchor_here,
            ) = stack.pop()
        elif cls is alias_event:
            mark = event.start_mark
            value, pos, size = r.expand(event.anchor, mark.line + 1, mark.column + 1)
            nodes += size
            if nodes > max_nodes:
                raise YamlRefused(
                    f"the file has more than {max_nodes:,} YAML nodes", *_start(pos), limit=True
                )
        elif cls is document_start:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise YamlRefused(
                    "the file holds more than one YAML document; a chain file holds one",
                    mark.line + 1,
                    mark.column + 1,
                )
            continue
        elif cls is stream_end:
            return
        else:
            continue
        # a finished node: put it where it belongs
        if container is None:
            r.root = (value, pos)
        elif is_list:
            container.append(value)
            items.append(pos)
        elif key is no_key:
            try:
                hash(value)
            except TypeError:
                raise YamlRefused(
                    "a mapping or list used as a key is not supported", *_start(pos)
                ) from None
            key = value
            key_pos = _start(pos)
        else:
            if key in container and key not in cpos.merged:
                r.duplicate(key, keys[key], key_pos)
            elif key == "<<" and value.__class__ in (dict, list):
                _merge(container, cpos, value, pos, key_pos)
            else:
                container[key] = value
                keys[key] = key_pos
                values[key] = pos
                cpos.merged.discard(key)
            key = no_key
