"""`vchain fmt`: canonical key order and layout, comments and blank lines kept.

Two ways lead to the canonical layout: the fast path over libyaml's events
(:mod:`vchain.fmt.fastfmt`), and ruamel.yaml's round trip for the YAML the fast path
does not lay out.  On top of either:

- keys in the order of chain-format.md (:mod:`vchain.fmt.canonical`), each key's
  comments travelling with it (:mod:`vchain.fmt.comments`);
- two-space indentation; block sequences indented two columns under their key;
- no line is re-wrapped; at most one blank line in a row; one newline at the end;
- LF line breaks and no byte-order mark.

A result is used only when it holds the same data as the input, every comment in the
same order, and formats to itself (:mod:`vchain.fmt.verify`).  When no way gives such a
result the file is refused (exit 2) with the reason, never changed and never a crash.
"""

from __future__ import annotations

import gc
import io
import os
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from vchain.findings import Finding
from vchain.fmt.canonical import reorder
from vchain.fmt.comments import normalize_comments
from vchain.fmt.verify import Comment, comments_of, first_difference, first_lost, key_order
from vchain.loading.breaks import protect
from vchain.loading.positions import locate
from vchain.loading.yamlfast import Limits, LoadedYaml, YamlRefused, read_yaml

WIDTH = 1_000_000
"""Never re-wrap a line: where to break long text is the author's choice."""
BOM = "\ufeff"


class FormatRefused(Exception):  # noqa: N818 - a file's problem, reported with its findings
    """The file cannot be formatted (exit 2): it cannot be read as YAML, or no layout
    keeps all of it; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding], *, unreadable: bool = True) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings
        self.unreadable = unreadable


@dataclass
class Formatted:
    """The result of formatting one text."""

    path: str
    original: str
    text: str
    original_bytes: bytes | None = None
    """The file as stored (a byte-order mark or CRLF line ends are changes too)."""
    notes: list[str] = field(default_factory=list)
    """Changes a diff does not show well: line breaks, a byte-order mark."""

    @property
    def changed(self) -> bool:
        if self.original_bytes is not None:
            return self.text.encode("utf-8") != self.original_bytes
        return self.text != self.original

    def unified_diff(self) -> str:
        from vchain.fmt.textdiff import unified_diff

        lines = unified_diff(
            _lines(self.original),
            _lines(self.text),
            fromfile=_diff_name("a", self.path),
            tofile=_diff_name("b", self.path),
        )
        out = []
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines ending at LF only (``str.splitlines`` also breaks at U+2028, U+0085 ...)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    return [*out, lines[-1]] if lines[-1] else out


def _diff_name(side: str, path: str) -> str:
    return path if path.startswith(("/", "<")) else f"{side}/{path}"


def round_trip_yaml() -> YAML:
    """The ruamel.yaml instance with vchain's layout."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_duplicate_keys = False
    return yaml


def _read(text: str, path: str) -> LoadedYaml:
    """The text through the loader of `vchain validate`; a refusal for what it cannot read."""
    from vchain.loading.loader import ChainDocument, decode_text

    doc = ChainDocument(path=path)
    if decode_text(doc, text.encode("utf-8", "surrogatepass"), Limits()) is None:
        raise FormatRefused(doc.findings)
    try:
        loaded = read_yaml(text, Limits())
    except YamlRefused as exc:
        raise FormatRefused([_refusal(path, exc.rule, exc.message, exc.line, exc.column)]) from None
    if loaded.issues:
        issue = loaded.issues[0]
        raise FormatRefused([_refusal(path, "VC002", issue.message, issue.line, issue.column)])
    if not isinstance(loaded.data, dict):
        raise FormatRefused(
            [_refusal(path, "VC012", "a chain file is a mapping; nothing to format", 1, 1)]
        )
    return loaded


def _refusal(path: str, rule: str, message: str, line: int, column: int) -> Finding:
    return Finding(
        rule=rule,
        severity="error",
        kind="schema",
        message=message,
        file=path,
        line=line,
        column=column,
        subject=("chain", path.rsplit("/", 1)[-1]),
        fatal=True,
    )


def format_text(text: str, path: str = "chain.yaml") -> Formatted:
    """The canonical form of a chain file's text; raises FormatRefused where there is none."""
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of objects that all live on: nothing to collect
    try:
        return _format_text(text, path)
    finally:
        if collecting:
            gc.enable()


def _format_text(text: str, path: str) -> Formatted:
    body = text.removeprefix(BOM)
    lf = body.replace("\r\n", "\n").replace("\r", "\n")
    protected = protect(lf)  # U+2028 and friends stay characters (YAML 1.2)
    work = protected.text
    data = _read(work, path).data  # its positions are read again only to tell a problem
    result = _Layout(work, data, path).settle()
    formatted = Formatted(path=path, original=text, text=protected.restore(result))
    formatted.notes = _notes(text, body, lf)
    return formatted


def _notes(text: str, body: str, lf: str) -> list[str]:
    """What changes that a diff does not show well."""
    notes = []
    if body != text:
        notes.append("the byte-order mark at its start is removed")
    if lf != body:
        crlf = body.count("\r\n")
        kinds = {"CRLF": crlf, "CR": body.count("\r") - crlf, "LF": body.count("\n") - crlf}
        was = " and ".join(kind for kind, count in kinds.items() if count)
        notes.append(f"its line breaks become LF (they were {was})")
    return notes


class _Layout:
    """The ways to the canonical layout, tried in turn, each result checked."""

    def __init__(self, text: str, data: Any, path: str) -> None:
        self.text = text
        self.data = data
        self.path = path
        self.comments: list[Comment] | None = None

    def settle(self) -> str:
        problems: list[tuple[str, int, int]] = []
        for way in (_fast, round_trip_format):
            try:
                result = way(self.text)
            except Exception as exc:  # noqa: BLE001 - a way that fails leaves the next one
                _debug(exc)
                problems.append((f"it cannot be laid out ({_reason(exc)})", 1, 1))
                continue
            problem = self.check(result)
            if problem is None:
                return result
            problems.append(problem)
        message, line, column = next((p for p in problems if p[1:] != (1, 1)), problems[0])
        raise FormatRefused(
            [
                _refusal(
                    self.path,
                    "VC001",
                    f"not formatted: {message}; the file is left as it is. Please report "
                    "this at https://github.com/vchain-dev/vchain/issues",
                    line,
                    column,
                )
            ],
            unreadable=False,
        )

    def check(self, result: str) -> tuple[str, int, int] | None:
        """Why ``result`` cannot replace the text (message, line, column), or None."""
        if result == self.text:
            return None
        try:
            after = read_yaml(result, Limits()).data
        except YamlRefused:
            return ("its layout would not be valid YAML", 1, 1)
        changed = first_difference(self.data, after)
        if changed is not None:
            line, column = locate(read_yaml(self.text, Limits()).positions, changed)
            where = ".".join(str(p) for p in changed) or "the document"
            return (f"its layout would change the value of {where}", line, column)
        if self.comments is None:
            self.comments = comments_of(self.text)
        in_order = key_order(after) == key_order(self.data)
        lost = first_lost(self.comments, comments_of(result), in_order=in_order)
        if lost is not None:
            message = f"its layout would lose or move the comment {lost.text[:60]!r}"
            return (message, lost.line, lost.column)
        if _again(result) != result:
            return ("its layout does not settle (formatting it again changes it)", 1, 1)
        return None


def _again(text: str) -> str:
    for way in (_fast, round_trip_format):
        try:
            return way(text)
        except Exception:  # noqa: BLE001, S112 - the next way, as in _Layout.settle
            continue
    return ""


def _debug(exc: BaseException) -> None:
    """With VCHAIN_DEBUG set, why a way failed (for a bug report), on standard error."""
    if os.environ.get("VCHAIN_DEBUG"):
        import traceback

        traceback.print_exception(exc)


def _reason(exc: BaseException) -> str:
    from vchain.safetext import visible

    return visible(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:200]


def _fast(text: str) -> str:
    from vchain.fmt.fastfmt import fast_format

    return fast_format(text)


def round_trip_format(text: str) -> str:
    """The canonical form through ruamel.yaml's round trip (the general, slower path)."""
    yaml = round_trip_yaml()
    tree = yaml.load(text)
    if not isinstance(tree, CommentedMap):  # pragma: no cover - checked by the caller
        raise TypeError("a chain file is a mapping")
    normalize_comments(tree)
    reorder(tree)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def format_file(path: str | os.PathLike[str], display: str | None = None) -> Formatted:
    """Format the file at ``path`` (nothing is written); raises FormatRefused."""
    from vchain.loading.loader import ChainDocument, display_path, read_text

    shown = display or display_path(path)
    doc = ChainDocument(path=shown)
    if read_text(doc, path, Limits()) is None:
        raise FormatRefused(doc.findings)
    with open(path, "rb") as handle:
        return format_bytes(handle.read(), shown)


def format_bytes(data: bytes, display: str) -> Formatted:
    """Format a file's bytes (standard input, a file with a byte-order mark)."""
    from vchain.loading.loader import ChainDocument, decode_text

    doc = ChainDocument(path=display)
    if decode_text(doc, data, Limits()) is None:
        raise FormatRefused(doc.findings)
    result = format_text(data.decode("utf-8"), display)
    result.original_bytes = data
    return result


def format_version(text: str) -> object:
    """The value of the top-level ``vchain`` key (None when absent)."""
    data = read_yaml(text, Limits()).data
    return data.get("vchain") if isinstance(data, dict) else None
