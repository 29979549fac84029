"""An export is all or nothing, and an import takes a whole, consistent export or refuses
it: a csv folder written halfway, a folder that lost a file, a file cut short, a flow to
a partner that is not there (the same refusal as for a Kumu map)."""

from __future__ import annotations

import filecmp
import resource
import signal
import subprocess
import sys
from pathlib import Path

from bridges_hostile_test import _refused
from conftest import EXAMPLES

SOUP = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")


def _export_with_file_size_limit(folder: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """`vchain export --format csv` in a process that may write no file over ``limit``
    bytes: the write of the first larger table fails halfway through the folder."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "vchain", "export", str(SOUP), "-f", "csv", "-o", str(folder)],
        preexec_fn=limited,  # only setrlimit and signal, before exec
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "VCHAIN_TODAY": "2026-11-22",
            "PYTHONDONTWRITEBYTECODE": "1",  # no .pyc cut short by the limit
        },
    )


def test_a_csv_export_that_fails_halfway_leaves_no_folder(tmp_path: Path):
    folder = tmp_path / "soup-csv"
    result = _export_with_file_size_limit(folder, 5000)  # chain.csv fits, partners.csv not
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left either


def test_a_csv_export_that_fails_halfway_leaves_the_old_export_as_it_was(cli, tmp_path: Path):
    folder = tmp_path / "soup-csv"
    cli("export", SOUP, "-f", "csv", "-o", folder)
    keep = tmp_path / "copy"
    keep.mkdir()
    for path in folder.iterdir():
        (keep / path.name).write_bytes(path.read_bytes())
    for where in (folder, keep):  # the first file an export writes, in an older version
        (where / "chain.csv").write_text("name,region\nOld soup,Old valley\n", "utf-8")
    result = _export_with_file_size_limit(folder, 5000)
    assert result.returncode == 2, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in keep.iterdir())
    assert filecmp.cmpfiles(folder, keep, names, shallow=False)[0] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy", "soup-csv"]


def test_a_csv_export_replaces_an_old_export_whole(cli, tmp_path: Path):
    folder = tmp_path / "soup-csv"
    cli("export", SOUP, "-f", "csv", "-o", folder, "--no-analysis")
    assert not (folder / "findings.csv").exists()
    (folder / "findings.csv").write_text("stale\n", "utf-8")
    cli("export", SOUP, "-f", "csv", "-o", folder)
    assert (folder / "findings.csv").read_text("utf-8").startswith("rule,")
    cli("export", SOUP, "-f", "csv", "-o", folder, "--no-analysis")
    assert not (folder / "findings.csv").exists()  # nothing of the old export lingers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soup-csv"]


def test_a_csv_export_never_empties_a_folder_of_other_files(cli, tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes\n", "utf-8")
    result = cli("export", SOUP, "-f", "csv", "-o", folder, expect=2)
    assert "not part of a csv export (notes.txt)" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_csv_folder_that_lost_files_is_refused(cli, tmp_path: Path):
    folder = tmp_path / "soup-csv"
    cli("export", SOUP, "-f", "csv", "-o", folder)
    (folder / "flows.csv").unlink()
    (folder / "indicators.csv").unlink()
    _refused(cli, folder, tmp_path, "no file flows.csv, indicators.csv", "incomplete")


def test_a_workbook_that_lost_a_sheet_is_refused(cli, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "soup.xlsx"
    cli("export", SOUP, "-o", path)
    book = load_workbook(path)
    del book["flows"]
    book.save(path)
    _refused(cli, path, tmp_path, "soup.xlsx: the workbook has no sheet flows", "incomplete")


def test_an_empty_section_file_is_refused(cli, tmp_path: Path):
    folder = tmp_path / "soup-csv"
    cli("export", SOUP, "-f", "csv", "-o", folder)
    (folder / "investments.csv").write_bytes(b"")
    _refused(cli, folder, tmp_path, "investments.csv: empty: not even the header row")


def test_a_csv_file_cut_inside_a_quoted_text_is_refused(cli, tmp_path: Path):
    folder = tmp_path / "soup-csv"
    cli("export", SOUP, "-f", "csv", "-o", folder)
    text = (folder / "opportunities.csv").read_text("utf-8")
    cut = text.index('"', text.index("\n")) + 5  # in the first quoted text of a row
    (folder / "opportunities.csv").write_text(text[:cut], "utf-8")
    _refused(cli, folder, tmp_path, "opportunities.csv", "ends inside a quoted text")


def test_a_partners_file_cut_short_is_refused_at_the_rows_that_name_the_lost(cli, tmp_path):
    folder = tmp_path / "soup-csv"
    cli("export", SOUP, "-f", "csv", "-o", folder)
    lines = (folder / "partners.csv").read_text("utf-8").splitlines(keepends=True)
    (folder / "partners.csv").write_text("".join(lines[:6]), "utf-8")
    stderr = _refused(cli, folder, tmp_path, "soup-csv/flows.csv, row ", "which is not defined")
    assert "soup-csv/chain.csv, row 2, column coordinator" in stderr


def test_a_flow_to_an_unknown_partner_in_a_workbook_is_refused_with_its_cell(cli, tmp_path):
    """As a Kumu connection to a label that is not there is: exit 2, nothing written."""
    from openpyxl import load_workbook

    path = tmp_path / "soup.xlsx"
    cli("export", SOUP, "-o", path)
    book = load_workbook(path)
    flows = book["flows"]
    header = [c.value for c in flows[1]]
    flows.cell(row=3, column=header.index("to") + 1, value="school-distrct")
    book.save(path)
    _refused(
        cli,
        path,
        tmp_path,
        "soup.xlsx, sheet flows, row 3, column to:",
        "partner `school-distrct`, which is not defined",
        "did you mean `school-district`?",
    )
