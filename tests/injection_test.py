"""Text from a chain file cannot forge workflow commands, move a terminal's cursor, break
XML or make links and mentions in Markdown, in any output (cli-contract.md, Output)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import DATA
from hostile_chain import FORGED, LEGACY, MARKDOWN, TERMINAL, XML_BREAKERS, hostile_chain

COMMAND_LINE = re.compile(r"^\s*::[a-z-]+.*$", re.MULTILINE)
"""A line that GitHub's runner reads as a workflow command (it trims leading blanks)."""
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def write_chain(folder: Path, data: dict[str, object], name: str = "evil.chain.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def forged_commands(text: str) -> list[str]:
    """Workflow commands in an output that vchain did not mean to write."""
    lines = [m.group().strip() for m in COMMAND_LINE.finditer(text)]
    ours = re.compile(r"::(error|warning|notice) file=[^\n]*,line=\d+,col=\d+,title=VC\d{3} ")
    forged = [line for line in lines if not ours.match(line)]
    legacy = re.findall(r"##\[[a-z-]+", text)
    return forged + legacy


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    return write_chain(tmp_path, hostile_chain())


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["analyze"],
        ["validate"],
        ["leverage"],
        ["leverage", "--explain", "slow-coord"],
        ["check", "-f", "github"],
    ],
    ids=" ".join,
)
def test_no_name_forges_a_workflow_command_under_github_actions(
    cli, evil: Path, command: list[str]
) -> None:
    result = cli(*command, evil, env={"GITHUB_ACTIONS": "true"}, expect=None)
    assert result.code in (0, 1), str(result)
    assert forged_commands(result.stdout) == []
    assert forged_commands(result.stderr) == []
    assert RAW_CONTROL.search(result.stdout) is None
    if command[0] == "analyze" or "--explain" in command:
        assert "::error file=forged.yaml,line=1::FORGED" in result.stdout  # shown, escaped


def test_the_real_annotations_are_still_written_and_name_the_text(cli, evil: Path) -> None:
    result = cli("analyze", evil, env={"GITHUB_ACTIONS": "true"}, expect=0)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any(line.startswith("::warning file=") and "VC101" in line for line in annotations)
    assert any("Evil\\n::error file=forged.yaml" in line for line in annotations)


def test_diff_shows_renamed_partners_safely(cli, tmp_path: Path) -> None:
    old = write_chain(tmp_path, hostile_chain({"partner": "Plain"}), "old.chain.yaml")
    new = write_chain(tmp_path, hostile_chain(), "new.chain.yaml")
    for fmt in ("text", "markdown", "json"):
        result = cli("diff", old, new, "-f", fmt, env={"GITHUB_ACTIONS": "true"})
        assert forged_commands(result.stdout) == [], fmt
        assert RAW_CONTROL.search(result.stdout) is None, fmt
    text = cli("diff", old, new).stdout
    assert "\\x1b]0;owned\\x07" in text


def test_an_unknown_quoted_key_is_shown_escaped(cli, tmp_path: Path) -> None:
    """VC010 quotes the key: a key holding a newline and a command stays on its line."""
    data = hostile_chain()
    data["partners"]["farm"]["Evil\n::error::key"] = 1  # type: ignore[index]
    path = write_chain(tmp_path, data)
    result = cli("validate", path, env={"GITHUB_ACTIONS": "true"}, expect=1)
    assert forged_commands(result.stdout) == []
    assert "unknown key `Evil\\n::error::key`" in result.stdout


def test_terminal_escapes_are_shown_not_obeyed(cli, tmp_path: Path) -> None:
    evil = write_chain(tmp_path, hostile_chain({"function": TERMINAL, "opportunity": TERMINAL}))
    for command in (["analyze"], ["leverage", "--explain", "slow-coord"]):
        out = cli(*command, evil, expect=None).stdout
        assert "\x1b" not in out and "\x07" not in out
        assert "Title \\x1b]0;owned\\x07 clear \\x1b[2J" in out


def test_the_excerpt_under_a_finding_escapes_its_line_and_keeps_the_caret(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "bad.chain.yaml"
    path.write_text('vchain: 1\nchain: {name: "a\\u202eb", x: 1}\n', encoding="utf-8")
    result = cli("validate", path, expect=1)
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "unknown key `x`" in line)
    source, caret = lines[at + 1], lines[at + 2]
    assert source.endswith('chain: {name: "a\\u202eb", x: 1}')
    assert source[caret.index("^")] == "x"


def test_a_long_line_is_cut_around_the_caret(cli, tmp_path: Path) -> None:
    path = tmp_path / "long.chain.yaml"
    name = "n" * 3000
    path.write_text(f'vchain: 1\nchain: {{name: "{name}", zz: 1, note: "{name}"}}\n')
    lines = cli("validate", path, expect=1).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "unknown key `zz`" in line)
    source, caret = lines[at + 1], lines[at + 2]
    assert len(source) < 140 and "…" in source
    assert source[caret.index("^") : caret.index("^") + 2] == "zz"


def test_junit_is_well_formed_xml_whatever_the_names(cli, tmp_path: Path) -> None:
    data = hostile_chain()
    data["partners"]["farm"]["b\x00d\x1b\x0b\ufffe"] = 1  # type: ignore[index]
    path = write_chain(tmp_path, data)
    for command in ("validate", "check", "analyze"):
        result = cli(command, path, "-f", "junit", expect=None)
        assert result.code in (0, 1), str(result)
        assert ET.fromstring(result.stdout.encode("utf-8")).tag == "testsuites"
    root = ET.fromstring(cli("validate", path, "-f", "junit", expect=1).stdout)
    messages = [f.get("message") or "" for f in root.iter("failure")]
    assert "unknown key `b\\x00d\\x1b\\x0b\\ufffe` in partner farm" in messages


def _rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def _assert_inert(markdown: str) -> None:
    html = _rendered(markdown)
    assert "<a " not in html and "<img" not in html, html
    assert "<b>" not in html, html
    text = re.sub(r"<[^>]+>", " ", html)
    assert re.search(r"@team\b", text) is None, text  # GitHub mentions are found in text
    assert re.search(r"https?://|www\.", markdown.replace("\\:", "").replace("www\\.", "")) is None


def _assert_cells_kept(markdown: str) -> None:
    """Every row of a table has as many cells as the table's head: no name added one."""
    head = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            head = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        head = cells if head is None else head
        assert cells == head, line


def test_markdown_makes_no_link_image_mention_or_html(cli, tmp_path: Path) -> None:
    data = hostile_chain({"function": MARKDOWN, "partner": MARKDOWN})
    data["partners"]["farm"][MARKDOWN] = 1  # type: ignore[index]
    path = write_chain(tmp_path, data)
    valid = write_chain(tmp_path, hostile_chain({"partner": MARKDOWN}), "valid.chain.yaml")
    for args in (["validate", path], ["check", path], ["analyze", valid], ["leverage", valid]):
        result = cli(*args, "-f", "markdown", expect=None)
        assert result.code in (0, 1), str(result)
        _assert_inert(result.stdout)
        _assert_cells_kept(result.stdout)


def test_markdown_cell_and_code_helpers() -> None:
    from vchain.reporters.markdown import cell, code

    assert _rendered(cell("a [b](c) @x #1 *y* <i>")).strip() == (
        "<p>a [b](c) @\u200bx #\u200b1 *y* &lt;i&gt;</p>"
    )
    assert _rendered(code("a`b")).strip() == "<p><code>a`b</code></p>"
    assert code("grower-coop") == "`grower-coop`"


def test_the_step_summary_is_inert_too(cli, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    data = hostile_chain({"function": MARKDOWN})
    data["partners"]["farm"][MARKDOWN] = 1  # type: ignore[index]
    path = write_chain(tmp_path, data)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    cli("check", path, env=env, expect=1)
    _assert_inert(summary.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_hold_the_texts_escaped_and_parse(cli, evil: Path, fmt: str) -> None:
    for command in ("validate", "analyze", "check"):
        out = cli(command, evil, "-f", fmt, expect=None).stdout
        data = json.loads(out)
        assert data
        assert RAW_CONTROL.search(out) is None
        assert "##[" not in out


def test_json_keeps_the_real_id_of_an_invalid_key(cli, tmp_path: Path) -> None:
    data = hostile_chain()
    data["partners"]["Evil\n##[error]x"] = {"name": "x", "type": "support"}  # type: ignore[index]
    path = write_chain(tmp_path, data)
    found = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
    subjects = [f["subject"].get("partner") for f in found]
    assert "Evil\n##[error]x" in subjects


def test_sarif_stays_valid_with_hostile_names(cli, evil: Path) -> None:
    import jsonschema

    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    sarif = json.loads(cli("analyze", evil, "-f", "sarif").stdout)
    jsonschema.validate(sarif, schema, cls=jsonschema.Draft4Validator)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (FORGED, "Evil\\n::error file=forged.yaml,line=1::FORGED\\n::stop-commands::x"),
        (TERMINAL, "Title \\x1b]0;owned\\x07 clear \\x1b[2J"),
        (XML_BREAKERS, "nul \\x00 esc \\x1b vt \\x0b nonchar \\ufffe"),
        (LEGACY, "legacy #\\x23[error]FORGED #\\x23[stop-commands]tok"),
    ],
)
def test_findings_carry_their_texts_escaped(text: str, shown: str) -> None:
    from vchain.findings import Finding

    f = Finding("VC101", "warning", "gap", f"about {text}", text, 1, 1, ("chain", "chain"))
    assert f.message == f"about {shown}"
    assert f.file == shown


# -- suppressions are comments, never text --------------------------------------------------


SUPPRESSED_BASE = """\
vchain: 1
chain:
  name: Soup
  region: Valley
  market_opportunity: {opportunity}
  coordinator: coord
  reviewed: 2026-10-01
functions: {{}}
partners:
  coord: {{name: Coord, type: support, interests: [fulfills mission]}}
  buyer:
    name: Buyer
    type: demand
    notes: {notes}
"""


@pytest.mark.parametrize(
    ("opportunity", "notes"),
    [
        ('"wants soup # vchain: ignore-file"', "plain"),
        ("'wants soup # vchain: ignore-file'", "plain"),
        ("wants soup", "|\n      a note\n      # vchain: ignore-file\n"),
        ("wants soup", ">\n      # vchain: ignore VC050\n      folded\n"),
        ("wants soup", '"multi\n      # vchain: ignore-file\n      line"'),
    ],
    ids=["double-quoted", "single-quoted", "literal-block", "folded-block", "multi-line"],
)
def test_words_inside_a_value_suppress_nothing(
    cli, tmp_path: Path, opportunity: str, notes: str
) -> None:
    path = tmp_path / "soup.chain.yaml"
    path.write_text(SUPPRESSED_BASE.format(opportunity=opportunity, notes=notes))
    data = json.loads(cli("check", path, "-f", "json", "--no-policy", expect=0).stdout)
    assert data["suppressed"] == 0
    assert "VC050" in {f["rule"] for f in data["findings"]}


def test_a_real_comment_still_suppresses(cli, tmp_path: Path) -> None:
    path = tmp_path / "soup.chain.yaml"
    text = SUPPRESSED_BASE.format(opportunity='"x # not this"', notes="|\n      text\n")
    path.write_text(text + "# vchain: ignore-file VC050\n")
    data = json.loads(cli("check", path, "-f", "json", "--no-policy", expect=0).stdout)
    assert "VC050" not in {f["rule"] for f in data["findings"]}
    assert data["suppressed"] >= 1
    above = SUPPRESSED_BASE.format(opportunity="x", notes="|\n      text\n").replace(
        "  buyer:\n", "  # vchain: ignore VC050\n  buyer:\n"
    )
    path.write_text(above)
    data = json.loads(cli("check", path, "-f", "json", "--no-policy", expect=0).stdout)
    assert "VC050" not in {f["rule"] for f in data["findings"]}


def test_a_comment_right_after_a_block_scalar_counts(cli, tmp_path: Path) -> None:
    path = tmp_path / "soup.chain.yaml"
    first = "  first:\n    name: First\n    type: demand\n    notes: |\n      text\n"
    text = SUPPRESSED_BASE.format(opportunity="x", notes="plain").replace(
        "  buyer:\n", first + "  # vchain: ignore VC050\n  buyer:\n"
    )
    path.write_text(text)
    data = json.loads(cli("check", path, "-f", "json", "--no-policy", expect=0).stdout)
    about = {f["subject"].get("partner") for f in data["findings"] if f["rule"] == "VC050"}
    assert about == {"first"}
    assert data["suppressed"] == 1
