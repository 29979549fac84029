"""Random valid chains, with any text in their names (accents, scripts, control
characters, pipes, quotes, leading spaces), through xlsx and csv and back: the same chain,
every key; and through the importer's YAML writer: the same chain, formatted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vchain.bridges.csv import csv_text, file_name, read_csv
from vchain.bridges.tables import RawSheet, chain_data, chain_tables
from vchain.bridges.xlsx import read_workbook, workbook_bytes
from vchain.bridges.yamlout import chain_text
from vchain.fmt.formatter import format_text
from vchain.loading.yamlfast import Limits, read_yaml
from vchain.model import CAPITALS, Chain

SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)
CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.text(CHARS, min_size=1, max_size=16)
ANY_TEXT = st.text(CHARS, max_size=16)
WORDS = st.sampled_from(["a | b", "[x]", '"q"', "=SUM(A1)", "-3", "_x0007_", "  pad ", "1e3"])
SOME_TEXT = st.one_of(TEXT, WORDS)
NUMBER = st.one_of(
    st.integers(0, 10**12), st.floats(0, 1e12, allow_nan=False, allow_infinity=False)
)
QUANTITY = st.builds(
    lambda a, u: {"amount": a, "unit": u}, NUMBER, SOME_TEXT.filter(lambda u: bool(u.strip()))
)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _maybe(draw: Any, strategy: Any, into: dict[str, Any], key: str) -> None:
    if draw(st.booleans()):
        into[key] = draw(strategy)


@st.composite
def chains(draw: Any) -> dict[str, Any]:
    functions = {
        fid: {"name": draw(SOME_TEXT)} for fid in draw(st.lists(SLUG, unique=True, max_size=3))
    }
    for function in functions.values():
        _maybe(draw, st.sampled_from(["supply", "produce", "other"]), function, "stage")
        _maybe(draw, st.booleans(), function, "essential")
        _maybe(draw, ANY_TEXT, function, "notes")
    ids = draw(st.lists(SLUG, unique=True, min_size=2, max_size=5))
    partners = {pid: _partner(draw, list(functions), ids) for pid in ids}
    data: dict[str, Any] = {
        "vchain": 1,
        "chain": {
            "name": draw(SOME_TEXT),
            "region": draw(TEXT),
            "market_opportunity": draw(TEXT),
            "coordinator": ids[0],
        },
        "functions": functions,
        "partners": partners,
    }
    _maybe(draw, st.dates(), data["chain"], "reviewed")
    _maybe(draw, ANY_TEXT, data["chain"], "description")
    data["flows"] = _unique_ids([_flow(draw, ids) for _ in range(draw(st.integers(0, 4)))])
    data["interests"] = [_interest(draw, ids) for _ in range(draw(st.integers(0, 2)))]
    _more_sections(draw, data, ids)
    return data


def _partner(draw: Any, functions: list[str], ids: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["demand", "transactional", "support"]))
    partner: dict[str, Any] = {"name": draw(SOME_TEXT), "type": kind}
    if kind == "transactional" and functions:
        _maybe(draw, st.lists(st.sampled_from(functions), max_size=2), partner, "performs")
    if kind == "support":
        _maybe(draw, st.lists(SLUG, max_size=3), partner, "services")
        _maybe(draw, st.lists(st.sampled_from(ids), max_size=2), partner, "supports")
    if kind != "support":
        _maybe(draw, st.lists(SLUG, max_size=3), partner, "needs")
    # each quantity on the partner type it is for (VC022): import refuses the others,
    # as `vchain validate` does and `vchain export` never writes them
    for key, types in (("demand", "demand"), ("capacity", "transactional")):
        if kind == types:
            _maybe(draw, QUANTITY, partner, key)
    if kind == "transactional":
        _maybe(draw, QUANTITY, partner, "output")
    for key in ("local", "margins"):
        _maybe(draw, st.booleans(), partner, key)
    _maybe(draw, st.sampled_from(["core", "aware", "unaware"]), partner, "engagement")
    _maybe(draw, st.lists(SOME_TEXT, max_size=3), partner, "interests")
    _maybe(draw, ANY_TEXT, partner, "pain_point")
    # (an empty `value: {}` holds nothing and is not kept: at least one key)
    values = st.fixed_dictionaries({"proposition": ANY_TEXT}, optional={"capture": ANY_TEXT})
    _maybe(draw, values, partner, "value")
    _maybe(draw, st.one_of(ANY_TEXT, WORDS), partner, "notes")
    return partner


def _unique_ids(flows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A flow id used again is an error (VC021) that import refuses: the later loses it."""
    seen: set[str] = set()
    for flow in flows:
        if flow.get("id") in seen:
            del flow["id"]
        elif "id" in flow:
            seen.add(flow["id"])
    return flows


def _flow(draw: Any, ids: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["product", "money", "information", "service", "by-product"]))
    flow: dict[str, Any] = {"from": draw(st.sampled_from(ids)), "kind": kind}
    if kind != "by-product" or draw(st.booleans()):
        flow["to"] = draw(st.sampled_from(ids))
    _maybe(draw, SLUG, flow, "id")
    _maybe(draw, SOME_TEXT, flow, "what")
    _maybe(draw, QUANTITY, flow, "amount")
    _maybe(draw, QUANTITY, flow, "capacity")
    _maybe(draw, ANY_TEXT, flow, "notes")
    return flow


def _interest(draw: Any, ids: list[str]) -> dict[str, Any]:
    if draw(st.booleans()):
        partners = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
        return {"kind": "shared", "text": draw(SOME_TEXT), "partners": partners}
    interest: dict[str, Any] = {"kind": "common", "text": draw(SOME_TEXT)}
    beneficiaries = st.one_of(ANY_TEXT, WORDS, st.lists(SOME_TEXT, max_size=3))
    _maybe(draw, beneficiaries, interest, "beneficiaries")
    return interest


def _more_sections(draw: Any, data: dict[str, Any], ids: list[str]) -> None:
    resource = {"name": draw(SOME_TEXT), "used_by": draw(st.lists(st.sampled_from(ids)))}
    _maybe(draw, st.sampled_from(CAPITALS), resource, "capital")
    _maybe(draw, QUANTITY, resource, "amount")
    data["resources"] = {"land": resource} if draw(st.booleans()) else {}
    opportunity: dict[str, Any] = {"kind": "bottleneck", "text": draw(TEXT), "cause": "skills"}
    opportunity["at"] = {"partner": ids[0]}
    _maybe(draw, st.sampled_from(["open", "addressed"]), opportunity, "status")
    data["opportunities"] = {"skills-gap": opportunity} if draw(st.booleans()) else {}
    effects = st.dictionaries(st.sampled_from(CAPITALS), st.integers(-3, 3), max_size=3)
    investment = {"by": [ids[0]], "form": "money", "capitals": draw(effects)}
    _maybe(draw, st.sampled_from(["proposed", "done"]), investment, "status")
    data["investments"] = {"loan": investment} if draw(st.booleans()) else {}
    indicator: dict[str, Any] = {"name": draw(TEXT), "capital": "social"}
    _maybe(draw, st.floats(-1e6, 1e6, allow_nan=False), indicator, "baseline")
    _maybe(draw, st.dates(), indicator, "as_of")
    data["indicators"] = {"jobs": indicator} if draw(st.booleans()) else {}
    if draw(st.booleans()):
        data["leverage"] = draw(
            st.fixed_dictionaries({}, optional={"capitals": st.floats(0, 5), "interests": NUMBER})
        )
    if draw(st.booleans()):
        data["analysis"] = {"underused_below": draw(st.floats(0.01, 1))}


def _tables_back(sheets: list[RawSheet]) -> Chain:
    return Chain.model_validate(chain_data(sheets, "generated").data)


@SETTINGS
@given(chains())
def test_any_chain_comes_back_from_a_workbook(tmp_path_factory: Any, data: dict[str, Any]):
    chain = Chain.model_validate(data)
    path = Path(tmp_path_factory.mktemp("xlsx")) / "chain.xlsx"
    path.write_bytes(workbook_bytes(chain_tables(chain), [], None))
    back = _tables_back(read_workbook(path, "chain.xlsx"))
    assert back.model_dump() == chain.model_dump()


@SETTINGS
@given(chains())
def test_any_chain_comes_back_from_csv_files(tmp_path_factory: Any, data: dict[str, Any]):
    chain = Chain.model_validate(data)
    folder = Path(tmp_path_factory.mktemp("csv"))
    sheets = []
    for table in chain_tables(chain):
        path = folder / file_name(table.name)
        path.write_text(csv_text(table), "utf-8")
        sheet = read_csv(path, path.name)
        sheets.append(RawSheet(table.name, sheet.rows, sheet.file))
    assert _tables_back(sheets).model_dump() == chain.model_dump()


@SETTINGS
@given(chains())
def test_any_chain_is_written_as_formatted_yaml_that_reads_back(data: dict[str, Any]):
    chain = Chain.model_validate(data)
    text = chain_text(data, ["Imported by a test"], "generated.yaml")
    assert format_text(text, "generated.yaml").text == text
    loaded = read_yaml(text, Limits()).data
    assert Chain.model_validate(loaded).model_dump() == chain.model_dump()
