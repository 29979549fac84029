"""`vchain init`: a new chain file from a template, with the user's answers filled in.

The templates (``vchain/init/templates/*.yaml``) are valid chain files with comments that
explain each section.  The answers replace the chain's name, region and market
opportunity; a coordinator's name gives the coordinator partner a new id (a slug of the
name) and name, and every reference to it follows.  The result is formatted, and
checked before it is written: a template that would not validate is a bug.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from vchain.fmt.comments import normalize_comments

TEMPLATES: tuple[str, ...] = ("food", "housing", "services", "blank")
PARTNER_REFERENCES: tuple[tuple[str, str], ...] = (
    ("partners", "supports"),
    ("resources", "owner"),
    ("resources", "used_by"),
    ("resources", "could_serve"),
    ("investments", "by"),
)


class InitError(Exception):
    """The answers cannot make a valid chain (exit 2); the message says why."""


@dataclass
class Answers:
    name: str | None = None
    region: str | None = None
    market: str | None = None
    coordinator: str | None = None


def template_text(template: str) -> str:
    if template not in TEMPLATES:
        raise InitError(f"unknown template {template!r}; choose {', '.join(TEMPLATES)}")
    return (resources.files("vchain.init") / "templates" / f"{template}.yaml").read_text("utf-8")


def defaults(template: str) -> Answers:
    """The template's own values: what the prompts offer."""
    from vchain.fmt.formatter import round_trip_yaml

    tree = round_trip_yaml().load(template_text(template))
    head = tree["chain"]
    coordinator = tree["partners"][head["coordinator"]]["name"]
    return Answers(head["name"], head["region"], head["market_opportunity"], coordinator)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    if not slug:
        raise InitError(f"cannot make an id of the coordinator {text!r}: use letters or digits")
    return slug


def render(template: str, answers: Answers, today: date) -> str:
    """The text of a new chain file: the template with the answers, formatted and checked."""
    from vchain.fmt.formatter import format_text, round_trip_yaml

    yaml = round_trip_yaml()
    tree = yaml.load(template_text(template))
    normalize_comments(tree)
    head = tree["chain"]
    for key, value in (
        ("name", answers.name),
        ("region", answers.region),
        ("market_opportunity", answers.market),
    ):
        if value is not None:
            head[key] = _text(value, key)
    head["reviewed"] = today
    if answers.coordinator is not None:
        _new_coordinator(tree, _text(answers.coordinator, "coordinator"))
    out = io.StringIO()
    yaml.dump(tree, out)
    text = format_text(out.getvalue(), "chain.yaml").text
    _check(text)
    return text


def _text(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise InitError(f"the {what} cannot be empty")
    return value


def _new_coordinator(tree: CommentedMap, name: str) -> None:
    old = tree["chain"]["coordinator"]
    new = slugify(name)
    partners = tree["partners"]
    if new != old and new in partners:
        raise InitError(f"the template already has a partner {new!r}; choose another name")
    _rename_key(partners, old, new)
    partners[new]["name"] = name
    tree["chain"]["coordinator"] = new
    for section, field in PARTNER_REFERENCES:
        for element in (tree.get(section) or {}).values():
            _replace(element, field, old, new)
    for flow in tree.get("flows") or []:
        _replace(flow, "from", old, new)
        _replace(flow, "to", old, new)
    for interest in tree.get("interests") or []:
        _replace(interest, "partners", old, new)
    for opportunity in (tree.get("opportunities") or {}).values():
        _replace(opportunity.get("at") or {}, "partner", old, new)


def _rename_key(mapping: CommentedMap, old: str, new: str) -> None:
    """Rename a key in place, keeping its position and its comments."""
    if old == new:
        return
    position = list(mapping).index(old)
    comments = mapping.ca.items.pop(old, None)
    value = mapping.pop(old)
    mapping.insert(position, new, value)
    if comments is not None:
        mapping.ca.items[new] = comments


def _replace(element: Any, field: str, old: str, new: str) -> None:
    value = element.get(field) if isinstance(element, dict) else None
    if value == old:
        element[field] = new
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if item == old:
                value[i] = new


def _check(text: str) -> None:
    from vchain.loading.loader import load_document
    from vchain.rules.registry import check_document

    doc = load_document("chain.yaml", text=text)
    check_document(doc)
    errors = [f for f in doc.findings if f.severity == "error"]
    if errors:
        raise InitError("the new chain would not validate: " + "; ".join(f.message for f in errors))


def create(path: Path, text: str) -> None:
    """Write a new file; FileExistsError if something is there (never overwrite)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".vchain-tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        try:
            os.link(temp, path)  # atomic, and fails if the path exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            with open(path, "xb") as out:
                out.write(text.encode("utf-8"))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
