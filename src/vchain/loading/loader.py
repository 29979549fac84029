"""A chain file to a model, with every problem as a finding that has a position."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vchain.findings import CHAIN_SUBJECT, Finding, Kind, Severity
from vchain.loading.positions import locate, resolve_path
from vchain.loading.schema_errors import SUBJECT_OF, schema_findings
from vchain.loading.yamlfast import Limits, PosNode, YamlRefused, read_yaml
from vchain.model import (
    Chain,
    ChainInfo,
    Flow,
    Function,
    Indicator,
    Interest,
    Investment,
    Opportunity,
    Partner,
    Resource,
)
from vchain.safetext import visible

DICT_SECTIONS: dict[str, type[Any]] = {
    "functions": Function,
    "partners": Partner,
    "resources": Resource,
    "opportunities": Opportunity,
    "investments": Investment,
    "indicators": Indicator,
}
LIST_SECTIONS: dict[str, type[Any]] = {"flows": Flow, "interests": Interest}


@dataclass
class ChainDocument:
    """One chain file as read: its text, data, positions, model and the problems found."""

    path: str
    text: str | None = None
    data: Any = None
    positions: PosNode | None = None
    chain: Chain | None = None
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True
    invalid: set[tuple[str, Any]] = field(default_factory=set)
    """(section, id or index) of elements dropped from the model for schema errors."""

    # -- positions -------------------------------------------------------------------
    def pos(self, *path: Any, key: bool = False) -> tuple[int, int]:
        if self.positions is None:
            return (1, 1)
        return locate(self.positions, path, key=key)

    def exists(self, section: str, ident: Any) -> bool:
        """Whether the file names ``ident`` in ``section``, valid or not."""
        block = self.data.get(section) if isinstance(self.data, dict) else None
        if isinstance(block, dict):
            return ident in block
        if section == "flows" and isinstance(block, list):
            return any(isinstance(f, dict) and f.get("id") == ident for f in block)
        return False

    def subject_for(self, path: tuple[Any, ...]) -> tuple[str, str | int]:
        """The finding subject for a (resolved) data path."""
        if len(path) >= 2 and path[0] in SUBJECT_OF:
            section, ident = path[0], path[1]
            if section == "flows":
                flows = self.data.get("flows") if isinstance(self.data, dict) else None
                item = flows[ident] if isinstance(flows, list) else None
                fid = item.get("id") if isinstance(item, dict) else None
                return ("flow", fid if isinstance(fid, str) else ident)
            if section == "interests":
                return CHAIN_SUBJECT
            return (SUBJECT_OF[section], str(ident))
        return CHAIN_SUBJECT

    def make(
        self,
        rule: str,
        severity: Severity,
        kind: Kind,
        message: str,
        path: tuple[Any, ...],
        *,
        key: bool = False,
        subject: tuple[str, str | int] | None = None,
        **extra: Any,
    ) -> Finding:
        line, column = self.pos(*path, key=key)
        return Finding(
            rule=rule,
            severity=severity,
            kind=kind,
            message=message,
            file=self.path,
            line=line,
            column=column,
            subject=subject or self.subject_for(resolve_path(self.data, path)),
            **extra,
        )


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as findings and reports name the file: control characters, line breaks
    and the bytes of a name that is not UTF-8 escaped (`vchain.safetext.visible`)."""
    return visible(Path(path).as_posix())


def _refusal(doc: ChainDocument, rule: str, message: str, line: int = 1, column: int = 1) -> None:
    doc.readable = False
    doc.findings.append(
        Finding(
            rule=rule,
            severity="error",
            kind="schema",
            message=message,
            file=doc.path,
            line=line,
            column=column,
            subject=CHAIN_SUBJECT,
            fatal=True,
        )
    )


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, len(before[start:].decode("utf-8", "replace")) + 1


def read_text(doc: ChainDocument, source: str | os.PathLike[str], limits: Limits) -> str | None:
    """The file as text, or None with a refusal finding (missing, huge, binary, not UTF-8)."""
    try:
        with open(source, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        _refusal(doc, "VC003", "this is a folder, not a chain file")
        return None
    except OSError as exc:
        _refusal(doc, "VC003", f"cannot read the file: {exc.strerror or exc}")
        return None
    return decode_text(doc, raw, limits)


def decode_text(doc: ChainDocument, raw: bytes, limits: Limits) -> str | None:
    if len(raw) > limits.max_bytes:
        _refusal(
            doc,
            "VC003",
            f"the file is larger than {limits.max_bytes // (1024 * 1024)} MiB; "
            "a chain file of 10,000 partners is about 4 MiB",
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _refusal(doc, "VC003", "the file is UTF-16; save it as UTF-8")
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        _refusal(doc, "VC003", "this is a binary file, not a YAML chain file", *_line_col(raw, nul))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _refusal(
            doc,
            "VC003",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            *_line_col(raw, exc.start),
        )
        return None
    if not text.strip():
        _refusal(doc, "VC003", "the file is empty: a chain file needs at least `vchain: 1`")
        return None
    return text


def load_document(
    source: str | os.PathLike[str],
    *,
    text: str | None = None,
    display: str | None = None,
    limits: Limits | None = None,
) -> ChainDocument:
    """Read, parse and validate one chain file; never raises for a bad file."""
    limits = limits or Limits()
    doc = ChainDocument(path=visible(display) if display else display_path(source))
    if text is None:
        text = read_text(doc, source, limits)
        if text is None:
            return doc
    doc.text = text
    # Reading builds hundreds of thousands of containers that all live on; the cyclic
    # garbage collector would walk them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _parse_and_validate(doc, text, limits)
    finally:
        if collecting:
            gc.enable()
    return doc


def _parse_and_validate(doc: ChainDocument, text: str, limits: Limits) -> None:
    try:
        loaded = read_yaml(text, limits)
    except YamlRefused as exc:
        _refusal(doc, exc.rule, exc.message, exc.line, exc.column)
        return
    doc.data, doc.positions = loaded.data, loaded.positions
    for issue in loaded.issues:
        _refusal(doc, "VC002", issue.message, issue.line, issue.column)
    validate_document(doc)


def validate_document(doc: ChainDocument) -> None:
    """Fill ``doc.chain`` (whole or salvaged) and add the schema findings."""
    if not isinstance(doc.data, dict):
        doc.findings.append(
            doc.make(
                "VC012",
                "error",
                "schema",
                "a chain file is a mapping with the keys vchain, chain, functions and partners",
                (),
            )
        )
        return
    try:
        doc.chain = Chain.model_validate(doc.data)
    except ValidationError as exc:
        doc.findings.extend(schema_findings(doc, exc))
        doc.chain = _salvage(doc)
    if doc.chain is not None:
        for index, flow in enumerate(doc.chain.flows):
            if flow.index < 0:
                flow._index = index


# -- salvaging a model from a file with schema errors ---------------------------------


def _salvage(doc: ChainDocument) -> Chain | None:
    """The valid part of a file with schema errors, so that references are still checked."""
    data: dict[str, Any] = doc.data
    fields: dict[str, Any] = {"vchain": 1}
    head = data.get("chain")
    try:
        fields["chain"] = ChainInfo.model_validate(head)
    except ValidationError:
        if not isinstance(head, dict):
            return None
        # every field present (None where missing or invalid), so rules can read them all
        strings: dict[str, Any] = {
            name: head.get(name) if isinstance(head.get(name), str) else None
            for name in ChainInfo.model_fields
        }
        fields["chain"] = ChainInfo.model_construct(None, **strings)
    for section, model in DICT_SECTIONS.items():
        fields[section] = _salvage_dict(doc, section, model, data.get(section))
    for section, model in LIST_SECTIONS.items():
        fields[section] = _salvage_list(doc, section, model, data.get(section))
    return Chain.model_construct(**fields)


def _salvage_dict(doc: ChainDocument, section: str, model: type[Any], block: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(block, dict):
        return out
    for ident, item in block.items():
        try:
            if not isinstance(ident, str):
                raise TypeError(ident)
            out[ident] = model.model_validate(item)
        except (ValidationError, TypeError):
            doc.invalid.add((section, ident))
    return out


def _salvage_list(doc: ChainDocument, section: str, model: type[Any], block: Any) -> list[Any]:
    out: list[Any] = []
    if not isinstance(block, list):
        return out
    for index, item in enumerate(block):
        try:
            element = model.model_validate(item)
        except ValidationError:
            doc.invalid.add((section, index))
            continue
        if isinstance(element, Flow):
            element._index = index
        out.append(element)
    return out
