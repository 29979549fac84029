"""`vchain fmt`: canonical key order and layout, comments and blank lines kept.

The text goes through ruamel.yaml's round-trip loader and emitter: comments, quoting
styles, block scalars and flow-style collections survive.  On top of that:

- keys in the order of chain-format.md (:mod:`vchain.fmt.canonical`), each key's
  comments travelling with it (:mod:`vchain.fmt.comments`);
- two-space indentation; block sequences indented two columns under their key;
- no line is re-wrapped; at most one blank line in a row; one newline at the end.

Values never change: the data of the result is compared with the data of the input
(through the fast loader) before anything is written, and a difference is a bug that
stops the command rather than a file that is silently changed.
"""

from __future__ import annotations

import gc
import io
import os
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from vchain.findings import Finding
from vchain.fmt.canonical import reorder
from vchain.fmt.comments import normalize_comments
from vchain.loading.yamlfast import Limits, YamlRefused, read_yaml

WIDTH = 1_000_000
"""Never re-wrap a line: where to break long text is the author's choice."""


class FormatRefused(Exception):  # noqa: N818 - a file's problem, reported with its findings
    """The file cannot be formatted: it cannot be read as YAML (exit 2)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


class ValuesChangedError(AssertionError):
    """Formatting would have changed a value: a bug in vchain, never written to disk."""


@dataclass
class Formatted:
    """The result of formatting one text."""

    path: str
    original: str
    text: str
    original_bytes: bytes | None = None
    """The file as stored (a byte-order mark or CRLF line ends are changes too)."""

    @property
    def changed(self) -> bool:
        if self.original_bytes is not None:
            return self.text.encode("utf-8") != self.original_bytes
        return self.text != self.original

    def unified_diff(self) -> str:
        from vchain.fmt.textdiff import unified_diff

        lines = unified_diff(
            self.original.splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            fromfile=_diff_name("a", self.path),
            tofile=_diff_name("b", self.path),
        )
        out = []
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)


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


def _plain_data(text: str, path: str) -> Any:
    """The data of a text through the fast loader; a refusal for what it cannot read."""
    from vchain.loading.loader import ChainDocument, decode_text

    doc = ChainDocument(path=path)
    if decode_text(doc, text.encode("utf-8"), Limits()) is None:
        raise FormatRefused(doc.findings)
    try:
        loaded = read_yaml(text, Limits())
    except YamlRefused as exc:
        raise FormatRefused([_refusal(path, exc.rule, exc.message, exc.line, exc.column)]) from None
    if loaded.issues:
        issue = loaded.issues[0]
        raise FormatRefused([_refusal(path, "VC002", issue.message, issue.line, issue.column)])
    return loaded.data


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
    """The canonical form of a chain file's text; raises FormatRefused for unreadable YAML.

    The fast path (:mod:`vchain.fmt.fastfmt`) formats the YAML chain files are made
    of; anything else, or a result whose data would differ, goes the round-trip way.
    """
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of objects that all live on: nothing to collect
    try:
        return _format_text(text.removeprefix("\ufeff"), path)
    finally:
        if collecting:
            gc.enable()


def _format_text(text: str, path: str) -> Formatted:
    before = _plain_data(text, path)
    if not isinstance(before, dict):
        raise FormatRefused(
            [_refusal(path, "VC012", "a chain file is a mapping; nothing to format", 1, 1)]
        )

    def same_data(result: str) -> bool:
        return result == text or read_yaml(result, Limits()).data == before

    result = _fast(text)
    if result is None or not same_data(result):
        result = round_trip_format(text)
        if not same_data(result):
            raise ValuesChangedError(
                f"{path}: formatting would change a value; the file is left as it is"
            )
    return Formatted(path=path, original=text, text=result)


def _fast(text: str) -> str | None:
    from vchain.fmt.fastfmt import Unsupported, fast_format

    try:
        return fast_format(text)
    except Unsupported:
        return None


def round_trip_format(text: str) -> str:
    """The canonical form through ruamel.yaml's round trip (the general, slower path)."""
    yaml = round_trip_yaml()
    tree = yaml.load(text)
    if not isinstance(tree, CommentedMap):  # pragma: no cover - checked by the caller
        raise ValuesChangedError("a chain file is a mapping")
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
    text = read_text(doc, path, Limits())
    if text is None:
        raise FormatRefused(doc.findings)
    result = format_text(text, shown)
    with open(path, "rb") as handle:
        result.original_bytes = handle.read()
    return result


def format_version(text: str) -> object:
    """The value of the top-level ``vchain`` key (None when absent)."""
    data = read_yaml(text, Limits()).data
    return data.get("vchain") if isinstance(data, dict) else None
