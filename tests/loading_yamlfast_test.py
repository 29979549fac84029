"""The fast YAML reader: YAML 1.2 core scalars, positions, anchors, limits."""

from __future__ import annotations

import datetime
import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from vchain.loading.positions import locate
from vchain.loading.yamlfast import Limits, MapPos, YamlRefused, read_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("-7", -7),
        ("0o17", 15),
        ("0x1F", 31),
        ("2.5", 2.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("yes", "yes"),  # YAML 1.1 booleans are strings in 1.2
        ("on", "on"),
        ("2026-10-01", "2026-10-01"),  # dates stay text; the model parses them
        ("'42'", "42"),
        ('"true"', "true"),
        ("!!str 42", "42"),
        ("!!float 3", 3.0),
        ("25 t/yr", "25 t/yr"),
        ("1_000", "1_000"),
    ],
)
def test_core_schema_scalars(text: str, value: object) -> None:
    assert read_yaml(f"v: {text}\n").data == {"v": value}


def test_special_floats() -> None:
    data = read_yaml("a: .inf\nb: -.Inf\nc: .nan\n").data
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_positions_of_keys_values_and_items() -> None:
    text = "top:\n  key: value\n  list:\n    - first\n    - {x: 1}\n"
    loaded = read_yaml(text)
    pos = loaded.positions
    assert locate(pos, ("top", "key")) == (2, 8)
    assert locate(pos, ("top", "key"), key=True) == (2, 3)
    assert locate(pos, ("top", "list", 0)) == (4, 7)
    assert locate(pos, ("top", "list", 1, "x")) == (5, 11)
    # a missing key points at the mapping that lacks it; other segments are skipped
    assert locate(pos, ("top", "nothing")) == (2, 3)
    assert locate(pos, ("top", "function-after[x]", "key")) == (2, 8)


def test_duplicate_keys_are_issues_with_positions() -> None:
    loaded = read_yaml("a: 1\nb: 2\na: 3\n")
    assert loaded.data == {"a": 1, "b": 2}
    (issue,) = loaded.issues
    assert (issue.line, issue.column) == (3, 1)
    assert "duplicate key 'a'" in issue.message and "line 1" in issue.message


def test_anchors_aliases_and_merge_keys() -> None:
    text = "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n"
    data = read_yaml(text).data
    assert data["child"] == {"x": 1, "y": 3}
    assert data["list"] == [{"x": 1, "y": 2}, {"x": 1, "y": 2}]


def test_merge_key_after_own_key_keeps_own_value() -> None:
    data = read_yaml("b: &b {x: 1}\nc:\n  x: 2\n  <<: *b\n").data
    assert data["c"] == {"x": 2}


@pytest.mark.parametrize(
    ("text", "words", "rule"),
    [
        ("a: [1, 2\n", "did not find expected", "VC001"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document", "VC001"),
        ("a: *nothing\n", "unknown alias", "VC001"),
        ("a: !!python/object:os.system x\n", "not supported", "VC001"),
        ("a: !!binary aGVsbG8=\n", "not supported", "VC001"),
        ("a: !!int abc\n", "not a valid int", "VC001"),
        ("? [a, b]\n: c\n", "used as a key", "VC001"),
        ("", "empty", "VC001"),
    ],
)
def test_refusals(text: str, words: str, rule: str) -> None:
    with pytest.raises(YamlRefused) as info:
        read_yaml(text)
    assert words in info.value.message
    assert info.value.rule == rule
    assert info.value.line >= 1 and info.value.column >= 1


def test_alias_expansion_is_budgeted() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(YamlRefused) as info:
        read_yaml("\n".join(levels) + "\n")
    assert "alias bomb" in info.value.message and info.value.rule == "VC003"


def test_depth_and_node_limits() -> None:
    with pytest.raises(YamlRefused) as info:
        read_yaml("a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nesting deeper than 64" in info.value.message
    with pytest.raises(YamlRefused) as info:
        read_yaml("a: [" + "1, " * 50 + "1]\n", Limits(max_nodes=20))
    assert "more than 20 YAML nodes" in info.value.message


scalars = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
keys = st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(keys, documents, min_size=1, max_size=5), st.booleans())
def test_reads_like_ruamel_yaml_1_2(data: dict[str, object], flow: bool) -> None:
    """Any YAML text reads as ruamel.yaml's YAML 1.2 safe loader reads it (dates aside)."""
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    oracle = YAML(typ="safe", pure=True).load(text)
    assert read_yaml(text).data == _dates_as_text(oracle)


def _dates_as_text(value: object) -> object:
    """vchain leaves dates as text for the model to parse; ruamel makes them dates."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        keys, st.dictionaries(keys, st.integers(), min_size=1, max_size=5), min_size=1, max_size=5
    )
)
def test_positions_match_the_text(data: dict[str, dict[str, int]]) -> None:
    text = yaml.safe_dump(data, default_flow_style=False, sort_keys=False)
    loaded = read_yaml(text)
    lines = text.splitlines()
    assert isinstance(loaded.positions, MapPos)
    for outer, inner in data.items():
        for key, value in inner.items():
            line, column = locate(loaded.positions, (outer, key), key=True)
            rest = lines[line - 1][column - 1 :]
            assert rest.lstrip("'").startswith(key), rest  # PyYAML quotes 1.1 look-alikes
            assert rest.endswith(f": {value}"), rest
