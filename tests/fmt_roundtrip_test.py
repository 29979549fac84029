"""`vchain fmt` keeps every value and comment, orders keys canonically, and is idempotent."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES, ROOT
from vchain.fmt.fastfmt import Unsupported, fast_format
from vchain.fmt.formatter import FormatRefused, format_text, round_trip_format
from vchain.loading.loader import load_document
from vchain.model import Chain

GIT_DATA = DATA / "git"


def _generate(n: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.generate(n)
    return text


def _model(text: str) -> Chain:
    doc = load_document("chain.yaml", text=text)
    assert doc.chain is not None, doc.findings
    return doc.chain


def _comments(text: str) -> list[str]:
    """Every comment's text, in order, wherever it sits (not inside block scalars here)."""
    return [m.group(1).strip() for m in re.finditer(r"(?:^|\s)(#.*)$", text, re.MULTILINE)]


def _assert_round_trip(original: str) -> str:
    formatted = format_text(original).text
    assert _model(formatted).model_dump() == _model(original).model_dump()
    assert sorted(_comments(formatted)) == sorted(_comments(original))
    assert format_text(formatted).text == formatted, "fmt of fmt changed something"
    return formatted


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip(example: Path) -> None:
    original = example.read_text(encoding="utf-8")
    formatted = _assert_round_trip(original)
    assert formatted.count("\n\n") == original.count("\n\n"), "blank-line groups kept"


@pytest.mark.parametrize("n", [3, 60, 500])
def test_generated_chains_round_trip(n: int) -> None:
    _assert_round_trip(_generate(n))


def test_templates_are_already_canonical() -> None:
    for template in sorted((ROOT / "src/vchain/init/templates").glob("*.yaml")):
        text = template.read_text(encoding="utf-8")
        assert format_text(text).text == text, template.name


def test_messy_file_matches_golden() -> None:
    original = (GIT_DATA / "messy.chain.yaml").read_text(encoding="utf-8")
    expected = (GIT_DATA / "messy.formatted.yaml").read_text(encoding="utf-8")
    assert _assert_round_trip(original) == expected


def test_keys_in_the_order_of_the_format() -> None:
    text = """\
partners:
  p:
    notes: n
    interests: [saves cost]
    local: true
    type: demand
    name: P
functions: {f: {stage: produce, name: F}}
chain: {coordinator: p, market_opportunity: m, region: r, name: c}
vchain: 1
flows:
  - {capacity: 3 t/yr, to: p, kind: product, from: p, id: x}
"""
    out = format_text(text).text
    top = re.findall(r"^(\w+):", out, re.MULTILINE)
    assert top == ["vchain", "chain", "functions", "partners", "flows"]
    partner = re.findall(r"^    (\w+):", out, re.MULTILINE)
    assert partner == ["name", "type", "local", "interests", "notes"]
    assert "{name: c, region: r, market_opportunity: m, coordinator: p}" in out
    assert "- {id: x, from: p, to: p, kind: product, capacity: 3 t/yr}" in out


def test_comment_above_a_key_travels_with_it() -> None:
    text = (
        "vchain: 1\npartners:\n  p:\n    type: demand\n"
        "    # the display name\n    name: P   # short\n    local: true\n"
    )
    expected = (
        "vchain: 1\npartners:\n  p:\n    # the display name\n    name: P   # short\n"
        "    type: demand\n    local: true\n"
    )
    assert format_text(text).text == expected
    assert round_trip_format(text) == expected


def test_unknown_keys_are_kept_after_the_known_ones() -> None:
    text = "vchain: 1\nchain:\n  colour: red\n  name: c\n  region: r\n"
    out = format_text(text).text
    assert out.index("name: c") < out.index("region: r") < out.index("colour: red")


def test_layout_is_normalized() -> None:
    text = (
        "vchain: 1\nfunctions:\n    f:\n        name: F\n"
        "partners:\n    p:\n        performs:\n        - f\n"
    )
    out = format_text(text).text
    assert (
        out
        == "vchain: 1\nfunctions:\n  f:\n    name: F\npartners:\n  p:\n    performs:\n      - f\n"
    )


def test_blank_lines_collapse_and_long_lines_stay() -> None:
    long = "x" * 300
    text = f"vchain: 1\n\n\n\nchain:\n  name: {long}\n"
    out = format_text(text).text
    assert out == f"vchain: 1\n\nchain:\n  name: {long}\n"


def test_quotes_and_block_scalars_are_kept() -> None:
    text = (
        "vchain: 1\nchain:\n  name: 'Single'\n  region: \"Double\"\n"
        "  description: |\n    line one\n      indented\n"
    )
    assert format_text(text).text == text


@pytest.mark.parametrize(
    "text",
    ["vchain: 1\nchain: [unclosed\n", "vchain: 1\nvchain: 1\n", "- a list\n", "\x00binary"],
)
def test_unreadable_yaml_is_refused(text: str) -> None:
    with pytest.raises(FormatRefused) as caught:
        format_text(text)
    assert caught.value.findings and caught.value.findings[0].fatal


CROSS_CHECKED = [
    *EXAMPLES,
    *sorted((ROOT / "src/vchain/init/templates").glob("*.yaml")),
    GIT_DATA / "messy.chain.yaml",
]


@pytest.mark.parametrize("path", CROSS_CHECKED, ids=lambda p: p.name)
def test_fast_path_agrees_with_the_round_trip_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert fast_format(text) == round_trip_format(text)


def test_fast_path_agrees_on_a_generated_chain() -> None:
    text = _generate(40)
    assert fast_format(text) == round_trip_format(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # anchors and aliases: keys keep their order (an alias must follow its anchor)
            "vchain: 1\nchain: &c\n    name: n\nother: *c\n",
            "vchain: 1\nchain: &c\n  name: n\nother: *c\n",
        ),
        (  # a plain scalar over two lines keeps its lines, moved with its key
            "vchain: 1\nchain:\n    name: a name written\n      over two lines\n",
            "vchain: 1\nchain:\n  name: a name written\n    over two lines\n",
        ),
        ("vchain: 1\nlists:\n- - a\n  - b\n", "vchain: 1\nlists:\n  - - a\n    - b\n"),
        ("--- # the marker stays\nvchain: 1\n", "--- # the marker stays\nvchain: 1\n"),
        ("vchain: !!int 1\nchain: {name: ! 123}\n", "vchain: !!int 1\nchain: {name: ! 123}\n"),
        (  # an explicit key becomes an implicit one; its comment goes above it
            "vchain: 1\n? chain # the chain\n: {name: x}\n",
            "vchain: 1\n# the chain\nchain: {name: x}\n",
        ),
    ],
)
def test_the_fast_path_lays_out_the_rest_of_yaml(text: str, expected: str) -> None:
    assert fast_format(text) == expected
    assert format_text(text).text == expected
    assert format_text(expected).text == expected


def test_a_key_over_two_lines_takes_the_round_trip_path() -> None:
    text = 'vchain: 1\n? "a\n  b" # kept\n: 1\n'
    with pytest.raises(Unsupported):
        fast_format(text)
    formatted = format_text(text).text
    assert formatted == 'vchain: 1\n# kept\n"a b": 1\n'
    assert format_text(formatted).text == formatted


def test_an_alias_as_a_key_keeps_its_space() -> None:
    """`*k: 1` would be the alias `k:` to a YAML 1.2 parser."""
    text = "vchain: 1\nk: &k kk  # the anchor\n*k   : 1 # an alias as a key\n"
    expected = "vchain: 1\nk: &k kk  # the anchor\n*k : 1   # an alias as a key\n"
    assert format_text(text).text == expected
