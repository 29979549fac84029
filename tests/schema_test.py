"""The JSON Schema: committed, current, and agreeing with vchain on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from vchain.schema import chain_schema, schema_text

COMMITTED = ROOT / "schemas" / "chain.schema.json"
CASES = Path(__file__).parent / "cases"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(COMMITTED), *map(str, files)],
        capture_output=True,
        text=True,
    )


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schemas/chain.schema.json is stale: run `make schema`"
    )


def test_schema_command_prints_it(cli) -> None:
    assert cli("schema").stdout == COMMITTED.read_text(encoding="utf-8")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(chain_schema())


def test_check_jsonschema_accepts_examples_and_valid_cases() -> None:
    files = [*EXAMPLES, *sorted((CASES / "valid").glob("*.chain.yaml"))]
    result = check_jsonschema(*files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("schema.chain.yaml", ["'capcity' was unexpected", "'Bad_Id' does not match"]),
        ("partner-types.chain.yaml", ["$.partners.bank"]),
        ("format-version.chain.yaml", ["$.vchain"]),
        ("missing-sections.chain.yaml", ["'functions' is a required property"]),
    ],
)
def test_check_jsonschema_rejects_what_vchain_rejects(case: str, words: list[str]) -> None:
    result = check_jsonschema(CASES / "invalid" / case)
    assert result.returncode == 1
    for word in words:
        assert word in result.stdout, result.stdout


def test_every_model_key_is_in_the_schema() -> None:
    from vchain.model import Partner

    props = chain_schema()["$defs"]["Partner"]["properties"]
    assert set(props) == {info.alias or name for name, info in Partner.model_fields.items()}
    assert json.dumps(chain_schema()["$defs"]["Flow"]["properties"]).count('"from"') == 1
