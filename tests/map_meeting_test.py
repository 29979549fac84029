"""The map for a partners' meeting: compact, the same way up every time, risks told apart.

Drawn with the real `dot` and read back from the SVG: positions come from the drawing
(SVG y grows downwards), marks and numbers from its text and classes.
"""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run_cli
from map_layout_test import random_chain
from map_support_test import SVG, classes, groups, parse_svg, text_of, tooltip_of

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
GREEN = ROOT / "examples" / "green-housing.chain.yaml"
#: The tomato soup map before it was made compact (PNG pixels at 96 dpi).
OLD_TOMATO_PNG = (4547, 2512)


def _svg(cli, chain: Path, tmp_path: Path, *extra: str) -> ET.Element:
    out = tmp_path / "map.svg"
    cli("map", chain, "--out", out, *extra)
    return parse_svg(out.read_bytes())


def _box(element: ET.Element) -> tuple[float, float, float, float]:
    """The bounding box (x1, y1, x2, y2) of the shapes drawn in an element."""
    xs: list[float] = []
    ys: list[float] = []
    for shape in element.iter():
        data = shape.attrib.get("d") or shape.attrib.get("points") or ""
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", data)]
        xs += numbers[0::2]
        ys += numbers[1::2]
    assert xs, f"nothing drawn in {element.attrib.get('id')}"
    return min(xs), min(ys), max(xs), max(ys)


def _centre(element: ET.Element) -> tuple[float, float]:
    x1, y1, x2, y2 = _box(element)
    return (x1 + x2) / 2, (y1 + y2) / 2


def _inside(inner: ET.Element, outer: ET.Element) -> bool:
    x, y = _centre(inner)
    x1, y1, x2, y2 = _box(outer)
    return x1 <= x <= x2 and y1 <= y <= y2


def test_the_tomato_soup_map_fits_a_screen_better(cli, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    cli("map", TOMATO, "--out", out, "--leverage", "5")
    width, height = struct.unpack(">II", out.read_bytes()[16:24])
    assert width * height < 0.6 * OLD_TOMATO_PNG[0] * OLD_TOMATO_PNG[1], (width, height)
    assert height < 0.7 * OLD_TOMATO_PNG[1]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_the_chain_comes_first_and_its_support_partners_after(
    cli, tmp_path: Path, example: Path, direction: str
) -> None:
    """Left to right the support band is below the chain, top to bottom right of it;
    the legend is last; resources stand in their own band, not in the support box."""
    root = _svg(cli, example, tmp_path, "-d", direction)
    found = groups(root)
    chain, support, legend = found["band-transactional"], found["band-support"], found["legend"]
    axis = 1 if direction == "LR" else 0
    assert _centre(support)[axis] > _centre(chain)[axis]
    if direction == "LR":
        assert _box(legend)[1] >= _box(support)[3] - 1  # the legend below everything
    resources = [g for g in found.values() if "resource" in classes(g) and "node" in classes(g)]
    assert resources, "every example has resources not yet mobilized"
    for node in resources:
        assert _inside(node, found["band-resources"])
        assert not _inside(node, support)


@pytest.mark.parametrize("seed", [0, 6, 13, 22, 36])
def test_random_chains_are_the_same_way_up(cli, tmp_path: Path, seed: int) -> None:
    chain = tmp_path / "random.chain.yaml"
    chain.write_text(random_chain(seed), encoding="utf-8")
    found = groups(_svg(cli, chain, tmp_path))
    if "band-support" in found and "band-transactional" in found:
        support = [g for g in found.values() if {"node", "support"} <= classes(g)]
        chain_nodes = [g for g in found.values() if {"node", "transactional"} <= classes(g)]
        if support and chain_nodes:
            mean = sum(_centre(g)[1] for g in support) / len(support)
            assert mean > sum(_centre(g)[1] for g in chain_nodes) / len(chain_nodes)


def test_a_stage_column_where_nobody_stands_is_not_drawn(cli, tmp_path: Path) -> None:
    """Green housing's builders perform `distribute` too, and stand under `produce`."""
    found = groups(_svg(cli, GREEN, tmp_path))
    headers = [text_of(g) for g in found.values() if "column" in classes(g)]
    assert not any(h.startswith("DISTRIBUTE") for h in headers), headers
    produce = next(h for h in headers if h.startswith("PRODUCE"))
    assert "Market and sell" in produce  # its function listed where its performers stand
    for column in (g for g in found.values() if "column" in classes(g)):
        boxes = [g for g in found.values() if classes(g) & {"partner", "gap"}]
        inside = [g for g in boxes if _inside(g, column)]
        assert inside, f"{text_of(column)} is empty"


def _leverage(chain: Path) -> list[dict[str, object]]:
    result = run_cli("leverage", chain, "--format", "json")
    points: list[dict[str, object]] = json.loads(result.stdout)["leverage_points"]
    return points


def test_several_leverage_numbers_on_one_partner_all_show(cli, tmp_path: Path) -> None:
    top = 12
    by_partner: dict[str, list[int]] = {}
    for point in _leverage(TOMATO)[:top]:
        subject = point["subject"]
        assert isinstance(subject, dict)
        if "partner" in subject:
            by_partner.setdefault(str(subject["partner"]), []).append(int(str(point["rank"])))
    several = {pid: ranks for pid, ranks in by_partner.items() if len(ranks) > 1}
    assert several, "the tomato soup chain has a partner with several leverage points"
    found = groups(_svg(cli, TOMATO, tmp_path, "--leverage", str(top)))
    for pid, ranks in several.items():
        words = text_of(found[f"partner-{pid}"]).split()
        for rank in ranks:
            assert str(rank) in words, (pid, rank, words)


SOLE_LINK = """
vchain: 1
chain: {name: Honey, region: Hills, market_opportunity: Stores want honey, coordinator: hub}
functions:
  keep: {name: Keep bees, stage: produce}
  pack: {name: Pack honey, stage: process}
partners:
  hub: {name: Hub, type: support, services: [coordination], supports: [packer], interests: [x]}
  east: {name: East apiary, type: transactional, performs: [keep], interests: [x]}
  west: {name: West apiary, type: transactional, performs: [keep], interests: [x]}
  packer: {name: The one packer, type: transactional, performs: [pack], interests: [x]}
  store: {name: Store, type: demand, demand: 100 jars/yr, interests: [x]}
flows:
  - {from: east, to: packer, kind: product}
  - {from: west, to: packer, kind: product}
  - {from: packer, to: store, kind: product}
"""


def test_a_single_point_of_failure_is_a_risk_not_a_bottleneck(cli, tmp_path: Path) -> None:
    chain = tmp_path / "honey.chain.yaml"
    chain.write_text(SOLE_LINK, encoding="utf-8")
    analysis = json.loads(run_cli("analyze", chain, "--format", "json").stdout)
    rules = {(f["rule"], str(f["subject"].get("partner"))) for f in analysis["findings"]}
    assert ("VC106", "packer") in rules
    assert not any(rule != "VC106" and who == "packer" for rule, who in rules)
    found = groups(_svg(cli, chain, tmp_path, "--leverage", "3"))
    packer = found["partner-packer"]
    assert "risk" in classes(packer)
    assert "RISK" in text_of(packer)
    assert "BOTTLENECK" not in text_of(packer)
    assert "bottleneck" not in classes(packer)
    assert "Single point of failure: a risk" in text_of(found["legend-risk"])
    assert "risk" in text_of(found["legend-leverage"])  # listed as a risk among the points


def test_a_bottleneck_that_is_also_a_single_point_of_failure_says_both(cli, tmp_path: Path) -> None:
    analysis = json.loads(run_cli("analyze", TOMATO, "--format", "json").stdout)
    both = {f["subject"]["partner"] for f in analysis["findings"] if f["rule"] == "VC106"} & {
        f["subject"].get("partner") for f in analysis["findings"] if f["rule"] == "VC105"
    }
    assert both
    found = groups(_svg(cli, TOMATO, tmp_path))
    for pid in both:
        words = text_of(found[f"partner-{pid}"])
        assert "RISK" in words
        assert "BOTTLENECK" in words


def test_flow_labels_choose_whose_words_are_on_the_line(cli, tmp_path: Path) -> None:
    money = next(i for i, line in enumerate(_flows(TOMATO)) if line == "money")
    for choice, on_line in (("all", True), ("product", False), ("none", False)):
        found = groups(_svg(cli, TOMATO, tmp_path, "--flow-labels", choice))
        edge = found[f"flow-{money}"]
        assert ("payment" in text_of(edge)) is on_line, choice
        assert "payment" in tooltip_of(edge), choice
    found = groups(_svg(cli, TOMATO, tmp_path, "--flow-labels", "none"))
    assert "tomato seed" not in text_of(found["flow-0"])
    assert "tomato seed" in tooltip_of(found["flow-0"])


def _flows(chain: Path) -> list[str]:
    import vchain

    return [f.kind for f in vchain.load(chain).flows]


def test_the_svg_has_no_script_and_stays_well_formed_when_flipped(cli, tmp_path: Path) -> None:
    laundry = ROOT / "examples" / "laundry-services.chain.yaml"
    root = _svg(cli, laundry, tmp_path)
    assert not list(root.iter(f"{SVG}script"))
    assert "Worker-owned commercial laundry" in " ".join(
        t.text or "" for t in root.iter(f"{SVG}text")
    )
