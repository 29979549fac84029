"""`vchain export`: the workbook as a person sees it in Excel, the Kumu blueprint, GraphML
and GEXF read back with networkx, and the command's choices and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES
from vchain.diff.structure import SECTION_ORDER
from vchain.loading.loader import load_document
from vchain.model import Chain

SOUP = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")
SECTIONS = [s for s in SECTION_ORDER if s not in ("leverage", "analysis")] + ["settings"]


def _chain(path: Path) -> Chain:
    doc = load_document(path)
    assert doc.chain is not None
    return doc.chain


def test_the_workbook_opens_with_a_sheet_per_section(cli, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "soup.xlsx"
    cli("export", SOUP, "-o", path)
    book = load_workbook(path)
    assert book.sheetnames == ["about", *SECTIONS, "findings", "leverage points"]
    partners = book["partners"]
    header = [c.value for c in partners[1]]
    assert header[:3] == ["id", "name", "type"]
    assert "capacity.amount" in header
    assert "capacity.unit" in header
    assert partners.freeze_panes == "B2"  # the header row and the id column stay in view
    assert partners["A1"].font.b
    assert partners.auto_filter.ref.startswith("A1:")
    assert 8 <= partners.column_dimensions["B"].width <= 60
    chain = _chain(SOUP)
    assert partners.max_row == len(chain.partners) + 1
    grower = next(r for r in partners.iter_rows(values_only=True) if r[0] == "vegetable-grower")
    row = dict(zip(header, grower, strict=False))
    assert row["capacity.amount"] == 30000
    assert row["capacity.unit"] == "cans/yr"
    assert row["needs"] == "certification | technical-assistance | financing | insurance"
    assert row["local"] is True
    assert book["findings"].protection.sheet
    assert book["leverage points"]["A1"].value == "rank"
    assert book["leverage points"]["A2"].value == 1
    assert "vchain import" in " ".join(str(c.value) for c in book["about"]["A"])


def test_a_text_that_looks_like_a_formula_stays_text(cli, tmp_path: Path):
    from openpyxl import load_workbook

    text = SOUP.read_text("utf-8").replace(
        "name: County school district", 'name: "=HYPERLINK(\\"http://x\\")"'
    )
    source = tmp_path / "formula.chain.yaml"
    source.write_text(text, "utf-8")
    path = tmp_path / "formula.xlsx"
    cli("export", source, "-o", path)
    cell = load_workbook(path)["partners"]["B2"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    cli("export", source, "-o", f"{tmp_path}/csv/")
    assert "'=HYPERLINK" in (tmp_path / "csv" / "partners.csv").read_text("utf-8")
    back = tmp_path / "back.chain.yaml"
    cli("import", tmp_path / "csv", "-o", back)
    assert _chain(back).partners["school-district"].name == '=HYPERLINK("http://x")'


def test_graphml_and_gexf_read_back_with_networkx(cli, tmp_path: Path):
    import networkx as nx

    chain = _chain(SOUP)
    taken = [f for f in chain.flows if f.to is not None]
    for name, reader in (("net.graphml", nx.read_graphml), ("net.gexf", nx.read_gexf)):
        path = tmp_path / name
        cli("export", SOUP, "-o", path)
        graph = reader(path)
        assert graph.number_of_nodes() == len(chain.partners)
        assert graph.number_of_edges() == len(taken)
        node = graph.nodes["vegetable-grower"]
        assert node["label"] == "Vegetable growers"
        assert node["type"] == "transactional"
        assert float(node["capacity_amount"]) == 30000
        assert int(node["leverage_rank"]) >= 1
        kinds = sorted(d["kind"] for _, _, d in graph.edges(data=True))
        assert kinds == sorted(f.kind for f in taken)


def test_control_characters_in_names_are_escaped_in_graph_files(cli, tmp_path: Path):
    import networkx as nx

    source = DATA / "map" / "escaping.chain.yaml"
    for name, reader in (("e.graphml", nx.read_graphml), ("e.gexf", nx.read_gexf)):
        path = tmp_path / name
        cli("export", source, "-o", path)
        graph = reader(path)  # valid XML
        for _, data in graph.nodes(data=True):
            assert not any(ord(ch) < 32 for ch in str(data.get("label", "")))


def test_the_kumu_blueprint_carries_findings_and_leverage(cli, tmp_path: Path):
    path = tmp_path / "soup.json"
    cli("export", SOUP, "-o", path)
    blueprint = json.loads(path.read_text("utf-8"))
    elements = {e["id"]: e for e in blueprint["elements"]}
    grower = elements["partner:vegetable-grower"]
    assert grower["type"] == "Transactional Partner"
    assert grower["Capacity"] == "30000 cans/yr"
    assert "bottleneck" in grower["Finding Kinds"]
    assert "bottleneck" in grower["tags"]
    assert grower["Leverage Rank"] >= 1
    assert elements["partner:valley-cdfi"]["Coordinator"] == "yes"
    assert elements["function:grow"]["type"] == "Function"
    ids = [e["id"] for e in blueprint["elements"]] + [c["id"] for c in blueprint["connections"]]
    assert len(ids) == len(set(ids))  # Kumu: ids unique across elements and connections
    kinds = {c["type"] for c in blueprint["connections"]}
    assert {"product", "money", "information", "service", "by-product", "supports"} <= kinds
    assert "performs" in kinds
    unused = [e for e in blueprint["elements"] if e["type"] == "Unused By-product"]
    assert unused  # the peels and seeds nobody takes yet
    plain = tmp_path / "plain.json"
    cli("export", SOUP, "-o", plain, "--no-analysis")
    assert "Findings" not in plain.read_text("utf-8")


def test_standard_output_for_text_formats(cli):
    result = cli("export", SOUP, "--format", "kumu", "-o", "-")
    assert json.loads(result.stdout)["elements"]
    result = cli("export", SOUP, "-f", "xlsx", "-o", "-", expect=2)
    assert "xlsx is not text" in result.stderr


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("chain.txt", "cannot tell the format from"),
        ("chain", "cannot tell the format from"),
    ],
)
def test_an_unknown_format_is_a_usage_error(cli, tmp_path: Path, out: str, message: str):
    result = cli("export", SOUP, "-o", tmp_path / out, expect=2)
    assert message in result.stderr
    assert not (tmp_path / out).exists()


def test_a_chain_with_errors_exports_its_errors_in_the_text_formats(cli, tmp_path: Path):
    """cli-contract: a machine format is written whatever the findings; a file with
    errors gets its errors in that format, never an empty output."""
    import networkx as nx

    broken = DATA.parent / "cases" / "invalid" / "references.chain.yaml"
    result = cli("export", broken, "-f", "kumu", "-o", "-", expect=1)
    data = json.loads(result.stdout)
    assert data["elements"] == [] and data["connections"] == []
    assert data["summary"]["error"] == 14
    assert {f["rule"] for f in data["findings"]} == {"VC020", "VC021", "VC023"}
    assert "fix these problems first" in result.stderr
    for fmt, read in (("graphml", nx.parse_graphml), ("gexf", None)):
        result = cli("export", broken, "-f", fmt, "-o", "-", expect=1)
        if read is None:
            path = tmp_path / "problems.gexf"
            path.write_text(result.stdout, "utf-8")
            graph = nx.read_gexf(path)
        else:
            graph = read(result.stdout)
        assert graph.number_of_nodes() == 15  # 14 errors and a warning
        assert graph.number_of_edges() == 0
        rules = {graph.nodes[n]["rule"] for n in graph.nodes}
        assert rules == {"VC020", "VC021", "VC023"}
    out = tmp_path / "k.json"
    cli("export", broken, "-o", out, expect=1)
    assert json.loads(out.read_text("utf-8"))["summary"]["error"] == 14
    unreadable = tmp_path / "unreadable.chain.yaml"
    unreadable.write_text("vchain: [1\n", "utf-8")
    result = cli("export", unreadable, "-f", "kumu", "-o", "-", expect=2)
    assert json.loads(result.stdout)["findings"][0]["rule"] == "VC001"


def test_a_chain_with_errors_writes_no_workbook_and_no_csv_folder(cli, tmp_path: Path):
    broken = DATA.parent / "cases" / "invalid" / "references.chain.yaml"
    out = tmp_path / "x.xlsx"
    result = cli("export", broken, "-o", out, expect=1)
    assert "fix these problems first" in result.stderr
    assert not out.exists()
    cli("export", broken, "-f", "csv", "-o", tmp_path / "csv", expect=1)
    assert not (tmp_path / "csv").exists()


def test_export_never_writes_over_the_chain_itself(cli, tmp_path: Path):
    source = tmp_path / "chain.json"
    source.write_text(SOUP.read_text("utf-8"), "utf-8")  # YAML is JSON's superset...
    result = cli("export", source, "-o", source, expect=2)
    assert "the chain file itself" in result.stderr


def test_a_write_that_fails_is_exit_2(cli, tmp_path: Path):
    (tmp_path / "taken").mkdir()
    result = cli("export", SOUP, "-o", tmp_path / "taken" / ".." / "taken", "-f", "kumu", expect=2)
    assert "is a folder" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    result = cli("export", SOUP, "-o", blocker / "sub" / "map.json", expect=2)
    assert "cannot write" in result.stderr
    result = cli("export", SOUP, "-o", f"{blocker}/", "-f", "csv", expect=2)
    assert "this is a file" in result.stderr


def test_import_never_overwrites_without_force(cli, tmp_path: Path):
    workbook = tmp_path / "soup.xlsx"
    cli("export", SOUP, "-o", workbook)
    out = tmp_path / "soup.chain.yaml"
    out.write_text("# mine\n", "utf-8")
    result = cli("import", workbook, "-o", out, expect=2)
    assert "the file exists; give --force" in result.stderr
    assert out.read_text("utf-8") == "# mine\n"
    cli("import", workbook, "-o", out, "--force")
    assert _chain(out).chain.name == "Organic tomato soup"
    result = cli("import", workbook, "-o", tmp_path, expect=2)
    assert "this is a folder" in result.stderr


def test_import_says_what_it_wrote_and_what_validate_thinks(cli, tmp_path: Path):
    workbook = tmp_path / "soup.xlsx"
    cli("export", SOUP, "-o", workbook)
    out = tmp_path / "soup.chain.yaml"
    result = cli("import", workbook, "-o", out, "--type", "a=demand")
    assert f"{out} written from vchain's own workbook" in result.stderr
    assert "vchain validate" in result.stderr
    assert "apply to Kumu maps; ignored here" in result.stderr
    result = cli("import", workbook, "-o", out, "--force", "--type", "a=buyer", expect=2)
    assert "'buyer' in 'a=buyer' is not one of demand" in result.stderr
