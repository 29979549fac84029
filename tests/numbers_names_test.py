"""Absurd numbers are refused with a position; chain-level findings have a stable subject;
messages say what is wrong; paths that are not UTF-8 never crash an output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DATA, ROOT

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
READERS = [
    ["validate"],
    ["analyze"],
    ["leverage"],
    ["check"],
    ["map", "-f", "dot"],
    ["fmt", "--check"],
    ["validate", "-f", "sarif"],
    ["analyze", "-f", "json"],
]


def _replace_first(path: Path, old: str, new: str) -> Path:
    text = TOMATO.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    "number",
    ["9" * 5000, "-" + "1" * 4400, "0x" + "f" * 4000, "0o" + "7" * 5000],
    ids=["decimal", "negative", "hex", "octal"],
)
def test_a_huge_whole_number_is_refused_with_its_position(cli, tmp_path: Path, number: str) -> None:
    path = _replace_first(tmp_path / "big.chain.yaml", "demand: 40000 cans/yr", f"demand: {number}")
    for command in READERS:
        result = cli(*command, path, expect=2)
        assert "Traceback" not in result.stderr
    found = json.loads(cli("validate", path, "-f", "json", expect=2).stdout)["findings"]
    (refused,) = found
    line = path.read_text().splitlines()[refused["line"] - 1]
    assert line[refused["column"] - 1 :].startswith(number[:20])
    assert "at most 100 digits" in refused["message"]


def test_a_long_number_in_a_key_or_a_tag_is_refused_too(cli, tmp_path: Path) -> None:
    for text in ("vchain: 1\n" + "1" * 200 + ": x\n", "vchain: !!float " + "1" * 400 + "\n"):
        path = tmp_path / "odd.chain.yaml"
        path.write_text(text)
        result = cli("validate", path, "-f", "json", expect=2)
        assert "at most 100 digits" in json.loads(result.stdout)["findings"][0]["message"]


@pytest.mark.parametrize(
    "quantity",
    ["1e308 cans/yr", "{amount: 1.7e308, unit: cans/yr}", "1e16 cans/yr", "1e400 cans/yr"],
)
def test_an_amount_beyond_the_bound_is_an_error_at_its_place(
    cli, tmp_path: Path, quantity: str
) -> None:
    path = _replace_first(
        tmp_path / "huge.chain.yaml", "demand: 40000 cans/yr", f"demand: {quantity}"
    )
    found = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
    errors = [f for f in found if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["VC012"]
    assert (
        errors[0]["line"] == TOMATO.read_text().splitlines().index("    demand: 40000 cans/yr") + 1
    )
    for command in READERS:
        assert cli(*command, path, expect=None).code in (0, 1), command  # fmt --check: 0


def test_the_bound_is_named_in_the_message(cli, tmp_path: Path) -> None:
    path = _replace_first(
        tmp_path / "huge.chain.yaml", "demand: 40000 cans/yr", "demand: {amount: 2e15, unit: x}"
    )
    (error,) = [
        f
        for f in json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
        if f["severity"] == "error"
    ]
    assert error["message"] == (
        "`demand.amount` in partner school-district: 2e+15 is more than the largest "
        "amount vchain reads, 10^15"
    )
    assert "larger unit" in error["hint"]


@pytest.mark.parametrize(
    "quantity", ['"' + "9" * 5000 + ' cans/yr"', "x" + "9" * 5000 + " cans/yr"]
)
def test_a_long_quantity_text_is_named_short_in_message_excerpt_and_hint(
    cli, tmp_path: Path, quantity: str
) -> None:
    path = _replace_first(
        tmp_path / "long.chain.yaml", "demand: 40000 cans/yr", f"demand: {quantity}"
    )
    result = cli("validate", path, expect=1)
    assert "finite" not in result.stdout
    assert all(len(line) < 300 for line in result.stdout.splitlines()), result.stdout
    (error,) = [
        f
        for f in json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
        if f["severity"] == "error"
    ]
    assert len(error["message"]) < 200 and error["message"].endswith(("10^15", "…'"))


def test_accepted_extremes_keep_the_analysis_exact(cli, tmp_path: Path) -> None:
    """The largest and the smallest amounts the format accepts, side by side."""
    data = yaml.safe_load(TOMATO.read_text())
    demand_partners = [p for p in data["partners"].values() if p["type"] == "demand"]
    demand_partners[0]["demand"] = {"amount": 10**15, "unit": "cans/yr"}
    demand_partners[1]["demand"] = {"amount": 5e-324, "unit": "cans/yr"}
    demand_partners[2]["demand"] = {"amount": 0.1, "unit": "cans/yr"}
    path = tmp_path / "extreme.chain.yaml"
    path.write_text(yaml.safe_dump(data))
    flow = json.loads(cli("analyze", path, "-f", "json", expect=0).stdout)["flow"]
    others = sum(
        p["demand"]["amount"] if isinstance(p["demand"], dict) else int(p["demand"].split()[0])
        for p in demand_partners[3:]
    )
    assert flow["demand"] == pytest.approx(10**15 + 0.1 + others)
    assert flow["shortfall"] == pytest.approx(flow["demand"] - flow["deliverable"])
    cli("leverage", path, "-f", "json", expect=0)


# -- a stable subject for the chain itself ---


def _renamed(path: Path, name: str) -> Path:
    data = yaml.safe_load(TOMATO.read_text())
    data["chain"]["name"] = name
    for p in data["partners"].values():
        p.pop("local", None)  # VC054: a finding about the chain as a whole
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_renaming_the_chain_changes_no_finding(cli, tmp_path: Path) -> None:
    old = _renamed(tmp_path / "old.chain.yaml", "Organic tomato soup")
    new = _renamed(tmp_path / "new.chain.yaml", "Tomato soup for the valley")
    chain_level = [
        f
        for f in json.loads(cli("validate", old, "-f", "json").stdout)["findings"]
        if "chain" in f["subject"]
    ]
    assert chain_level
    assert {json.dumps(f["subject"]) for f in chain_level} == {'{"chain": "chain"}'}
    diff = json.loads(cli("diff", old, new, "-f", "json").stdout)["findings"]["counts"]
    assert diff == {"introduced": 0, "resolved": 0, "changed": 0}


def test_renaming_the_chain_keeps_the_baseline(cli, tmp_path: Path) -> None:
    path = _renamed(tmp_path / "soup.chain.yaml", "Organic tomato soup")
    baseline = tmp_path / "baseline.json"
    cli("check", path, "--baseline", baseline, "--write-baseline", "--no-policy")
    _renamed(path, "Renamed soup")
    data = json.loads(
        cli("check", path, "--baseline", baseline, "-f", "json", "--no-policy").stdout
    )
    assert data["findings"] == []


# -- messages ---

PARTNER_LINE = (
    "    capacity: 30000 cans/yr   # about 75 t of tomatoes on the acres now in organic production"
)


def test_a_quantity_with_words_first_shows_the_value_and_how_to_write_it(
    cli, tmp_path: Path
) -> None:
    path = _replace_first(
        tmp_path / "q.chain.yaml", PARTNER_LINE, "    capacity: about 3100 cans/yr"
    )
    (error,) = [
        f
        for f in json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
        if f["severity"] == "error"
    ]
    assert "{value" not in error["message"]
    assert error["message"].endswith("got 'about 3100 cans/yr'")
    assert error["hint"].startswith('write the amount first, "3100 cans/yr"')


def test_a_comma_in_a_quantity_inside_braces_gets_the_quoting_hint(cli, tmp_path: Path) -> None:
    minimal = ROOT / "tests" / "cases" / "valid" / "minimal.chain.yaml"
    path = tmp_path / "comma.chain.yaml"
    path.write_text(
        minimal.read_text().replace("functions: {}", "functions:\n  grow: {name: Grow}")
        + "  farm: {name: Farm, type: transactional, performs: [grow], capacity: 80,000 gal/yr}\n"
    )
    found = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
    by_rule = {f["rule"]: f for f in found if f["severity"] == "error"}
    assert 'write "80 UNIT"' not in by_rule["VC012"]["message"]
    assert by_rule["VC012"]["hint"] == 'quote the text: capacity: "80,000 gal/yr"'
    assert by_rule["VC010"]["hint"].endswith('capacity: "80,000 gal/yr"')


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('vchain: 1\nchain:\n  name: "ab\x1bc"\n', 3, 12),
        ("vchain: 1\nchain:\n  name: Café\x07\n", 3, 13),
        ("vchain: 1\n# ünï\u2028\nchain: {name: x\x0c}\n", 4, 16),
    ],
    ids=["quoted", "after-accents", "after-a-line-separator"],
)
def test_a_raw_control_character_is_placed_where_it_is(
    cli, tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = tmp_path / "ctl.chain.yaml"
    path.write_text(text, encoding="utf-8")
    (found,) = json.loads(cli("validate", path, "-f", "json", expect=2).stdout)["findings"]
    assert (found["line"], found["column"]) == (line, column)
    assert "control character U+00" in found["message"]


# -- paths that are not UTF-8 ---


@pytest.fixture
def latin1_file(tmp_path: Path) -> Path:
    name = os.fsdecode(b"caf\xe9.chain.yaml")
    path = tmp_path / name
    path.write_bytes(TOMATO.read_bytes().replace(b"local: true", b"local: false", 1))
    return path


def _run(*args: str | os.PathLike[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "vchain", *map(os.fsencode, args)],
        cwd=cwd,
        capture_output=True,
        env={**env, "NO_COLOR": "1", "VCHAIN_TODAY": "2026-11-22"},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_a_file_name_that_is_not_utf8_never_crashes_an_output(latin1_file: Path, fmt: str) -> None:
    done = _run("check", latin1_file.name, "-f", fmt, cwd=latin1_file.parent)
    assert done.returncode in (0, 1), done.stderr
    text = done.stdout.decode("utf-8")
    if fmt == "json":
        assert json.loads(text)["files"][0]["path"] == "caf\\udce9.chain.yaml"
    elif fmt != "sarif":
        assert "caf\\udce9.chain.yaml" in text  # the byte shown, as everywhere
    if fmt == "sarif":
        sarif = json.loads(text)
        schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
        jsonschema.validate(sarif, schema, cls=jsonschema.Draft4Validator)
        uris = {a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]}
        assert uris == {"caf%E9.chain.yaml"}


def test_other_commands_with_a_name_that_is_not_utf8(latin1_file: Path) -> None:
    for args in (
        ["validate", latin1_file.name, "-f", "json"],
        ["analyze", latin1_file.name],
        ["leverage", latin1_file.name, "-f", "markdown"],
        ["map", latin1_file.name, "-f", "mmd"],
        ["fmt", "--check", latin1_file.name],
        ["diff", latin1_file.name, str(TOMATO)],
    ):
        done = _run(*args, cwd=latin1_file.parent)
        assert done.returncode in (0, 1), (args, done.stderr)
        done.stdout.decode("utf-8")
