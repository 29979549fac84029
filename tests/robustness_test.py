"""No chain file, however mangled, makes a command fail with an internal error (exit 3).

Real chains are mutated at random (keys dropped, values swapped for other types, lists
emptied, ids pointed elsewhere) and every reading command must answer 0, 1 or 2.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, run_cli

BASES = [yaml.safe_load(p.read_text()) for p in EXAMPLES]
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.just("12 cans/yr"),
    st.just({}),
    st.just([]),
    st.just(["x"]),
    st.just({"amount": -1, "unit": ""}),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for segment in path[:-1]:
        data = data[segment]
    return data


@st.composite
def mangled(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        action = draw(st.sampled_from(["drop", "replace", "rename"]))
        if action == "drop":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(ODD_VALUES)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(path[-1])
    return data


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mangled())
def test_mangled_chains_never_crash(tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / "mangled.chain.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    for command in (
        ["validate", path, "-f", "json"],
        ["analyze", path, "-f", "json"],
        ["leverage", path, "-f", "json"],
        ["map", path, "--out", tmp_path / "m.dot"],
        ["check", path, "--no-policy"],
    ):
        result = run_cli(*command)
        assert result.code in (0, 1, 2), str(result)
        assert "internal error" not in result.stderr, str(result)
