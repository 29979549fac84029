"""Whatever a chain file says is drawn as the text it is: never markup, never DOT syntax.

`tests/data/map/escaping.chain.yaml` names partners `<script>alert(1)</script>`,
`"; rankdir=TB; x="`, `back\\slash \\n \\N \\G`, braces, pipes, newlines and non-ASCII.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vchain
from conftest import run_cli
from map_support_test import (
    MAP_DATA,
    SVG,
    ZWSP,
    element_names,
    groups,
    mermaid_unescape,
    parse_mermaid,
    parse_svg,
    text_of,
)
from vchain.render.text import clean, dot_string, html_text, mermaid_text, shorten, wrap

CHAIN = MAP_DATA / "escaping.chain.yaml"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def _squash(text: str) -> str:
    """Without any white space or zero-width marks: wrapping may split long words."""
    return re.sub(r"\s+", "", text.replace(ZWSP, ""))


@pytest.fixture(scope="module")
def svg(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("escape") / "map.svg"
    result = run_cli("map", CHAIN, "--out", out, "--leverage", "2")
    assert result.code == 0, str(result)
    return parse_svg(out.read_bytes())


def test_no_name_becomes_an_element(svg) -> None:
    names = element_names(svg)
    assert not names & {"script", "img", "b", "port"}
    assert names <= {
        "svg", "g", "title", "text", "path", "polygon", "ellipse", "polyline", "a", "defs",
    } | {"linearGradient", "radialGradient", "stop"}  # fmt: skip


def test_every_name_is_drawn_as_its_text(svg) -> None:
    chain = vchain.load(CHAIN)
    found = groups(svg)
    for pid, partner in chain.partners.items():
        drawn = text_of(found[f"partner-{pid}"])
        assert _squash(partner.name)[:40] in _squash(drawn), (pid, drawn)


def test_backslash_sequences_are_not_expanded(svg) -> None:
    drawn = text_of(groups(svg)["partner-slashes"])
    assert "back\\slash \\n not a newline \\\\ \\l \\N \\G" in drawn
    assert "p_slashes" not in drawn
    assert "vchain" not in drawn


def test_injected_dot_stays_a_label(svg) -> None:
    assert text_of(groups(svg)["partner-inject"]).strip() == '"; rankdir=TB; x="'
    graph = next(svg.iter(f"{SVG}g"))
    assert "rotate(0)" in graph.attrib["transform"]  # still left to right, not TB rotated


def test_line_breaks_and_non_ascii_survive(svg) -> None:
    multiline = [t.text for t in groups(svg)["partner-multiline"].iter(f"{SVG}text")]
    assert "First line" in multiline
    assert "Second line" in multiline
    assert "Ñandú café – 東京 🍅" in text_of(groups(svg)["partner-unicode"])
    assert "&amp; &lt;" in text_of(groups(svg)["partner-unicode"])


def test_tooltips_carry_the_literal_text(svg) -> None:
    titles = [a.attrib.get(XLINK_TITLE, "").replace(ZWSP, "") for a in svg.iter(f"{SVG}a")]
    assert "<script>alert(1)</script>" in titles
    assert "back\\slash \\n not a newline \\\\ \\l \\N \\G" in titles


def test_mermaid_labels_are_entity_escaped(tmp_path: Path) -> None:
    out = tmp_path / "map.mmd"
    result = run_cli("map", CHAIN, "--out", out)
    assert result.code == 0, str(result)
    text = out.read_text(encoding="utf-8")
    parsed = parse_mermaid(text)
    labels = list(parsed.nodes.values()) + [e[2] for e in parsed.edges]
    for label in labels:
        assert '"' not in label
        assert set(re.findall(r"<[^>]*>", label)) <= {"<br/>"}
        assert not set("[]{}|`") & set(label)
    readable = [mermaid_unescape(label) for label in labels]
    assert any("<script>alert(1)</script>" in _squash(r) for r in readable)
    assert any('"; rankdir=TB; x="' in r for r in readable)
    assert "%%{" not in text


# -- the escaping functions ------------------------------------------------------------------


def test_html_text_escapes_markup_and_makes_backslashes_inert() -> None:
    assert html_text('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert html_text("a\\Nb") == f"a\\{ZWSP}Nb"
    assert html_text("one\ntwo") == "one<BR/>two"


def test_dot_string_survives_escstring_processing() -> None:
    assert dot_string('x\\N"y') == f'x\\\\{ZWSP}N"y'
    assert dot_string("one\ntwo") == "one\\ntwo"


def test_mermaid_text_uses_entity_codes() -> None:
    assert mermaid_text('"<x>" & #1 [a|b] {c} `d`') == (
        "#quot;#lt;x#gt;#quot; #amp; #35;1 #91;a#124;b#93; #123;c#125; #96;d#96;"
    )
    assert mermaid_text("a\nb") == "a<br/>b"


def test_clean_shorten_and_wrap() -> None:
    assert clean("a\x00b\tc  d\r\n\n e ") == "ab c d\ne"
    assert clean("right\u202eto\u2028left") == "right\\u202eto\nleft"
    assert shorten("Make soup and pack it in large no-frills cans", 20) == "Make soup and pack…"
    assert shorten("short", 0) == "short"
    assert wrap("Valley Distributor Co-op", 12) == ["Valley", "Distributor", "Co-op"]


def test_huge_texts_are_cut_to_what_dot_accepts(cli, tmp_path: Path) -> None:
    """dot refuses strings over 16,384 bytes; every text is cut long before that."""
    text = CHAIN.read_text(encoding="utf-8")
    huge = '"' * 30_000
    text = text.replace("name: <script>alert(1)</script>", f"name: '{huge}'")
    text = text.replace("amount: 10 cans/yr}", f"amount: 10 {'u' * 20_000}}}")
    chain = tmp_path / "huge.chain.yaml"
    chain.write_text(text, encoding="utf-8")
    out = tmp_path / "map.svg"
    cli("map", chain, "--out", out, "--max-label", "0", "--leverage", "40")
    drawn = text_of(groups(parse_svg(out.read_bytes()))["partner-script"])
    assert 100 < drawn.count('"') <= 400
    assert "…" in drawn
