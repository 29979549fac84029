"""The JSON Schema of the chain format, generated from the model."""

from __future__ import annotations

from typing import Any

from vchain.model import Chain

SCHEMA_ID = "https://vchain.dev/schemas/chain.schema.json"

_NOT_FOR: dict[str, tuple[str, ...]] = {
    "demand": ("performs", "capacity", "output", "services", "supports"),
    "transactional": ("services", "supports", "demand"),
    "support": ("performs", "capacity", "output", "demand", "needs"),
}


def _partner_type_rules() -> list[dict[str, Any]]:
    return [
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {"properties": dict.fromkeys(keys, False)},
        }
        for kind, keys in _NOT_FOR.items()
    ]


def _ids_as_property_names(node: Any) -> None:
    """Mappings keyed by id: every key must be a slug (pydantic leaves other keys open)."""
    if isinstance(node, dict):
        pattern_props = node.get("patternProperties")
        if isinstance(pattern_props, dict) and len(pattern_props) == 1:
            ((pattern, value),) = pattern_props.items()
            del node["patternProperties"]
            names = dict(node.get("propertyNames", {}))
            names["pattern"] = pattern
            node["propertyNames"] = names
            node["additionalProperties"] = value
        for value in node.values():
            _ids_as_property_names(value)
    elif isinstance(node, list):
        for value in node:
            _ids_as_property_names(value)


def chain_schema() -> dict[str, Any]:
    """The schema as a dict: pydantic's, plus the rules pydantic validators enforce."""
    schema = Chain.model_json_schema(by_alias=True, mode="validation")
    defs = schema["$defs"]
    defs["Opportunity"]["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": "bottleneck"}}, "required": ["kind"]},
            "then": {"required": ["cause"]},
        }
    ]
    defs["Flow"]["allOf"] = [
        {
            "if": {"properties": {"kind": {"not": {"const": "by-product"}}}},
            "then": {"required": ["to"]},
        }
    ]
    defs["Interest"]["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": "shared"}}, "required": ["kind"]},
            "then": {"required": ["partners"], "properties": {"partners": {"minItems": 2}}},
        }
    ]
    defs["At"]["minProperties"] = 1
    defs["At"]["maxProperties"] = 1
    defs["Partner"]["allOf"] = _partner_type_rules()
    _ids_as_property_names(schema)
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    out.update(schema)
    return out


def schema_text() -> str:
    from vchain.reporters.json_format import dumps

    return dumps(chain_schema())
