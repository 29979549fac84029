"""Every format of every command that reads a chain, on chains whose names, keys and
texts are random unicode (control characters, line breaks, workflow commands, Markdown
and terminal escapes included): each output parses as what it claims, holds no workflow
command that vchain did not mean to write, and no raw control character.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import DATA, run_cli
from hostile_chain import FORGED, LEGACY, MARKDOWN, TERMINAL, XML_BREAKERS, hostile_chain

ATTACKS = [FORGED, TERMINAL, XML_BREAKERS, MARKDOWN, LEGACY, "\u202eevil\u2028\x85::x", "%0A::a"]
TEXTS = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=24),
    st.builds(lambda a, b: f"{a}\n{b}", st.sampled_from(ATTACKS), st.text(min_size=1, max_size=8)),
).filter(str.strip)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
COMMAND = re.compile(r"^\s*::", re.MULTILINE)
OURS = r"::(error|warning|notice) file={file},line=\d+,col=\d+,title=VC\d{{3}} [a-z]+::[^\n]*$"
FORMATS = {
    "validate": ["text", "json", "github", "sarif", "junit", "markdown"],
    "check": ["text", "json", "github", "sarif", "junit", "markdown"],
    "analyze": ["text", "json", "github", "sarif", "junit", "markdown"],
    "leverage": ["text", "json", "markdown"],
    "diff": ["text", "json", "markdown"],
}


@cache
def sarif_schema() -> dict[str, Any]:
    return json.loads((DATA / "sarif-schema-2.1.0.json").read_text())


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[str, str]:
    """(the file's text, a second version for diff)."""
    roles = ("chain", "partner", "function", "resource", "opportunity", "unit")
    names = {role: draw(TEXTS) for role in roles if draw(st.booleans())}
    names["unit"] = names.get("unit", "cans/yr").strip() or "cans/yr"
    data = hostile_chain(names)
    sometimes = st.integers(0, 2).map(lambda n: n == 0)  # a third of the time
    if draw(sometimes):
        data["partners"]["farm"][draw(TEXTS)] = draw(TEXTS)  # an unknown key
    if draw(sometimes):
        data["partners"][draw(TEXTS)] = {"name": draw(TEXTS), "type": "demand"}  # a bad id
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(sometimes):  # a duplicated key: the file cannot be read (exit 2)
        key = yaml.safe_dump({draw(TEXTS): 1}, allow_unicode=True).split(":")[0]
        text += f"{key}: 1\n{key}: 2\n"
    other = hostile_chain({**names, "partner": draw(TEXTS)})
    return text, yaml.safe_dump(other, allow_unicode=True, sort_keys=False)


def check_output(fmt: str, out: str, file: str) -> None:
    """``out`` is what ``fmt`` claims to be, with nothing forged and nothing raw."""
    if fmt in ("json", "sarif"):
        data = json.loads(out)
        if fmt == "sarif":
            jsonschema.validate(data, sarif_schema(), cls=jsonschema.Draft4Validator)
    elif fmt in ("junit", "svg"):
        ET.fromstring(out.encode("utf-8"))
    if fmt in ("text", "github", "markdown", "mmd", "dot", "diff"):
        assert RAW_CONTROL.search(out) is None, (fmt, RAW_CONTROL.search(out))
    ours = re.compile(OURS.format(file=re.escape(file)))
    for line in out.splitlines():
        if COMMAND.match(line):
            assert ours.match(line.strip()), (fmt, line)
    assert "##[" not in out, fmt


def annotation_path(path: Path) -> str:
    return path.as_posix().replace("%", "%25").replace(":", "%3A").replace(",", "%2C")


@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure is shown as found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(hostile_files())
def test_every_output_of_a_hostile_chain_is_safe(tmp_path: Path, files: tuple[str, str]) -> None:
    path = tmp_path / "hostile.chain.yaml"
    path.write_text(files[0], encoding="utf-8")
    other = tmp_path / "other.chain.yaml"
    other.write_text(files[1], encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true"}
    file = annotation_path(path)
    for command, formats in FORMATS.items():
        for fmt in formats:
            args = [command, path, "-f", fmt]
            if command == "diff":
                args = [command, other, path, "-f", fmt]
            result = run_cli(*args, env=env)
            assert result.code in (0, 1, 2), str(result)
            if command == "diff" and result.code == 2:
                assert result.stdout == "", str(result)  # a side unreadable: stderr says so
                continue
            check_output(fmt, result.stdout, file)
            check_output("text", result.stderr, file)
    for out in ("map.dot", "map.mmd", "map.svg"):
        result = run_cli("map", path, "--out", tmp_path / out, env=env)
        assert result.code in (0, 1, 2), str(result)
        if result.code == 0:
            check_output(out.rsplit(".", 1)[1], (tmp_path / out).read_text("utf-8"), file)
        check_output("text", result.stderr, file)
    result = run_cli("fmt", "--check", path, env=env)
    assert result.code in (0, 1, 2), str(result)
    check_output("diff", result.stdout, file)
    check_output("text", result.stderr, file)
