"""What `vchain export` and `vchain import` do, as two functions the commands call."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vchain import __version__
from vchain.bridges.problems import Place, refuse
from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.bridges.derived import Derived
    from vchain.bridges.importing import Options
    from vchain.bridges.kumu_read import KumuMap
    from vchain.bridges.source import Source
    from vchain.bridges.tables import RawSheet, Table
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain

FORMATS = ("kumu", "xlsx", "csv", "graphml", "gexf")
TEXT_FORMATS = ("kumu", "graphml", "gexf")
EXTENSIONS = {".json": "kumu", ".xlsx": "xlsx", ".graphml": "graphml", ".gexf": "gexf"}


NOT_EXPORTS = {".yaml": "a chain file", ".yml": "a chain file", ".csv": "one csv file"}
"""Extensions of files an export is not (a csv export is a folder, not one .csv file)."""


def choose_format(out: str, given: str | None) -> str:
    """The export format: ``--format``, else the extension of ``-o``; a format that
    the extension contradicts (``-f kumu -o map.xlsx``) is refused."""
    suffix = Path(out).suffix.lower() if out != "-" else ""
    if given is not None:
        named = EXTENSIONS.get(suffix) or NOT_EXPORTS.get(suffix)
        if named is not None and named != given:
            wanted = {v: k for k, v in EXTENSIONS.items()}.get(given)
            fix = (
                f"name it {Path(out).stem}{wanted}" if wanted else "name a folder for it (no .csv)"
            )
            raise refuse(
                Place("-o"),
                f"{visible(out)} is named as {_what(named)}, but --format {given} writes "
                f"{_what(given)}: {fix}, or give the --format its extension says",
            )
        return given
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if out.endswith(("/", os.sep)) or Path(out).is_dir():
        return "csv"
    raise refuse(
        Place("-o"),
        f"cannot tell the format from {out!r}: use .json (Kumu), .xlsx, .graphml or .gexf, "
        "a folder ending in / for csv, or --format",
    )


def _what(fmt: str) -> str:
    return {
        "kumu": "a Kumu JSON blueprint",
        "xlsx": "an Excel workbook",
        "csv": "a folder of csv files",
        "graphml": "a GraphML file",
        "gexf": "a GEXF file",
    }.get(fmt, fmt)


# -- export ---------------------------------------------------------------------------------


def export_document(doc: ChainDocument, fmt: str, out: str, *, analysis: bool) -> str | None:
    """Export a valid document; returns the text for standard output when ``out`` is -."""
    from vchain.bridges.derived import derive

    chain = doc.chain
    assert chain is not None
    derived = derive(doc) if analysis else None
    if out == "-":
        if fmt not in TEXT_FORMATS:
            raise refuse(Place("-o"), f"{fmt} is not text; give -o PATH")
        return _text(chain, fmt, derived)
    target = Path(out)
    _not_the_chain(doc.path, target)
    if fmt == "csv":
        _csv(chain, derived, target)
    elif fmt == "xlsx":
        _write_bytes(target, _xlsx(chain, derived))
    else:
        _write_bytes(target, _text(chain, fmt, derived).encode("utf-8"))
    return None


def _text(chain: Chain, fmt: str, derived: Derived | None) -> str:
    if fmt == "kumu":
        from vchain.bridges.kumu import blueprint_text

        return blueprint_text(chain, derived)
    from vchain.bridges.graph import gexf_text, graphml_text

    return graphml_text(chain, derived) if fmt == "graphml" else gexf_text(chain, derived)


def _all_tables(chain: Chain, derived: Derived | None) -> list[Table]:
    from vchain.bridges.derived import derived_tables
    from vchain.bridges.tables import chain_tables

    return chain_tables(chain) + (derived_tables(derived) if derived is not None else [])


def _xlsx(chain: Chain, derived: Derived | None) -> bytes:
    from vchain.bridges.xlsx import workbook_bytes

    return workbook_bytes(_all_tables(chain, derived), about(chain), chain.chain.reviewed)


def about(chain: Chain) -> list[str]:
    """The first sheet of an exported workbook: what it is and how to bring it back."""
    from vchain.bridges.cells import text_cell

    lines = [
        f"{visible(chain.chain.name)}: a vchain chain as a workbook (vchain {__version__})",
        (
            "One sheet per section of the chain file: chain, functions, partners, flows, "
            "interests, resources, opportunities, investments, indicators, settings."
        ),
        (
            "One row per item, in the file's order. An empty cell is a key left out (its "
            'default applies); the cell "" is an empty text.'
        ),
        (
            "Lists: items separated by | (technical-assistance | financing). Quantities: an "
            "amount column and a unit column (capacity.amount, capacity.unit)."
        ),
        "Edit it here or in LibreOffice, then bring it back: vchain import THIS.xlsx -o chain.yaml",
        "A column of your own: start its header with #, and import skips it.",
        (
            "The sheets findings and leverage points show the analysis at export time; they "
            "are read-only, and import ignores them (and this sheet)."
        ),
    ]
    return [text_cell(line) for line in lines]


def _csv(chain: Chain, derived: Derived | None, folder: Path) -> None:
    from vchain.bridges.csv import write_folder

    if folder.exists() and not folder.is_dir():
        raise refuse(Place(folder.as_posix()), "csv export writes a folder; this is a file")
    try:
        write_folder(_all_tables(chain, derived), folder)
    except OSError as exc:
        raise refuse(Place(folder.as_posix()), f"cannot write: {exc.strerror or exc}") from None


def _not_the_chain(chain_path: str, target: Path) -> None:
    with contextlib.suppress(OSError):
        if target.exists() and os.path.samefile(chain_path, target):
            raise refuse(Place(target.as_posix()), "this is the chain file itself; choose another")


def _write_bytes(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` in one rename (a failed write leaves no half file)."""
    shown = target.as_posix()
    if target.is_dir():
        raise refuse(Place(shown), "this is a folder; name the file to write")
    real = Path(os.path.realpath(target))
    if real.exists() and not real.is_file():  # /dev/null, /dev/full, a pipe: never replaced
        try:
            with open(real, "wb") as stream:
                stream.write(data)
                stream.flush()
        except OSError as exc:
            raise refuse(Place(shown), f"cannot write the file: {exc.strerror or exc}") from None
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError as exc:
        raise refuse(Place(shown), f"cannot write the file: {exc.strerror or exc}") from None


# -- import ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """The chain file's text, what it was made from, and remarks for the person."""

    text: str
    summary: str
    remarks: list[str] = field(default_factory=list)


def import_source(given: str, out: str, options: Options) -> ImportResult:
    """The chain file's text from a Kumu map or a vchain workbook/csv folder (``given``:
    a path, or ``-`` for standard input; ``out``: the name of the file to be written)."""
    from vchain.bridges.source import open_source

    source = open_source(given)
    shown = source.shown
    sheets, kind = _sheets(source)
    if sheets is None:
        from vchain.bridges.kumu_read import read_blueprint

        return _from_kumu(read_blueprint(shown, shown, raw=source.raw), out, options)
    from vchain.bridges.kumu_read import is_kumu_sheets, map_from_sheets

    if is_kumu_sheets(sheets):
        return _from_kumu(map_from_sheets(sheets, shown, f"a Kumu {kind}"), out, options)
    if kind == "csv file":
        raise refuse(
            Place(shown),
            "a vchain csv export is a folder of csv files (chain.csv, partners.csv, ...): "
            "give the folder; a Kumu csv file has a `Label` or `From` and `To` header",
        )
    return _from_tables(sheets, source, out, options, kind)


def _sheets(source: Source) -> tuple[list[RawSheet] | None, str]:
    """The sheets of a workbook or csv source; None for a JSON blueprint."""
    from vchain.bridges.csv import read_csv, read_folder
    from vchain.bridges.xlsx import workbook_sheets

    kind = source.kind()
    if source.folder is not None:
        return read_folder(source.folder, source.shown), "csv folder"
    raw = source.raw or b""
    if kind == "workbook":
        return workbook_sheets(raw, source.shown), "workbook"
    if kind == "csv":
        return [read_csv(source.name, source.shown, raw=raw)], "csv file"
    return None, "blueprint"


def _from_kumu(kmap: KumuMap, out: str, options: Options) -> ImportResult:
    from vchain.bridges.links import build
    from vchain.bridges.yamlout import chain_text

    imported = build(kmap, options)
    text = chain_text(imported.data, imported.header, out)
    from vchain.bridges.links import plural

    counts = ", ".join(plural(n, k) for k, n in imported.counts.items())
    return ImportResult(text, f"{counts} from {kmap.kind}")


def _from_tables(
    sheets: list[RawSheet], source: Source, out: str, options: Options, kind: str
) -> ImportResult:
    from vchain.bridges.tables import chain_data
    from vchain.bridges.yamlout import chain_text

    result = chain_data(sheets, source.shown)
    what = f"vchain's own {kind}"
    header = [f"Imported by vchain {__version__} from {visible(source.name)} ({what})."]
    remarks = [f"sheet {visible(name)!r} ignored: not a section" for name in result.ignored]
    if options.types or options.kinds or options.coordinator:
        remarks.append("--type, --kind and --coordinator apply to Kumu maps; ignored here")
    text = chain_text(result.data, header, out)
    return ImportResult(text, what, remarks)  # (the summary: where it came from)
