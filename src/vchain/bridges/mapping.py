"""What a Kumu element type or connection type means in a chain, and ids from labels.

Element types name a *role*: a partner type (``demand``, ``transactional``,
``support``), ``function``, ``resource``, ``unused`` (where an unused by-product goes) or
``ignore``.  "Demand", "demand partner", "Demand Partners" and "DEMAND_PARTNER" all mean
``demand``; any other type needs ``--type "KUMU TYPE=ROLE"``.

Connection types name a *relation*: a flow kind (``product``, ``money``,
``information``, ``service``, ``by-product``), ``supports``, ``performs``, a resource's
``owner``, ``used_by`` or ``could_serve``, or ``ignore``.  "Product", "product flow" and
"Products" mean ``product``; others need ``--kind "KUMU TYPE=RELATION"``.

An empty type is written ``--type "=support"``.
"""

from __future__ import annotations

import re
import unicodedata

from vchain.bridges.kumu_read import norm
from vchain.bridges.problems import Place, refuse

PARTNER_ROLES = ("demand", "transactional", "support")
ROLES = (*PARTNER_ROLES, "function", "resource", "unused", "ignore")
FLOW_KINDS = ("product", "money", "information", "service", "by-product")
RELATIONS = (*FLOW_KINDS, "supports", "performs", "owner", "used_by", "could_serve", "ignore")

_ROLE_WORDS = {
    "demand": "demand",
    "transactional": "transactional",
    "support": "support",
    "function": "function",
    "functions": "function",
    "resource": "resource",
    "resources": "resource",
    "unused by product": "unused",
    "unused byproduct": "unused",
    "unused": "unused",
    "ignore": "ignore",
}
_RELATION_WORDS = {
    "product": "product",
    "products": "product",
    "money": "money",
    "information": "information",
    "info": "information",
    "service": "service",
    "services": "service",
    "by product": "by-product",
    "by products": "by-product",
    "byproduct": "by-product",
    "byproducts": "by-product",
    "supports": "supports",
    "support": "supports",
    "performs": "performs",
    "perform": "performs",
    "owns": "owner",
    "owner": "owner",
    "owned by": "owner",
    "uses": "used_by",
    "used by": "used_by",
    "could serve": "could_serve",
    "ignore": "ignore",
}


def _strip_suffix(text: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if text == suffix:
            return text
        if text.endswith(" " + suffix):
            return text[: -len(suffix) - 1]
    return text


def type_key(kumu_type: str) -> str:
    """An element type as compared: ``"Processor Partners"`` -> ``processor``."""
    return _strip_suffix(norm(kumu_type), ("partners", "partner"))


def auto_role(kumu_type: str) -> str | None:
    """The role an element type names by itself ("Support Partner" -> support)."""
    return _ROLE_WORDS.get(type_key(kumu_type))


def auto_relation(kumu_type: str) -> str | None:
    """The relation a connection type names by itself ("Money flow" -> money)."""
    word = _strip_suffix(norm(kumu_type), ("flows", "flow"))
    return _RELATION_WORDS.get(word)


def parse_pairs(pairs: list[str], option: str) -> dict[str, str]:
    """``["Producer=transactional"]`` (from --type or --kind) as {normal type: role}."""
    allowed, words = (ROLES, _ROLE_WORDS) if option == "--type" else (RELATIONS, _RELATION_WORDS)
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.rpartition("=")
        if not sep:
            raise refuse(
                Place(option),
                f'{pair!r} is not KUMU_TYPE=VALUE (for example {option} "Producer=...")',
            )
        target = words.get(norm(value), value.strip().lower())
        if target not in allowed:
            raise refuse(Place(option), f"{value!r} in {pair!r} is not one of {', '.join(allowed)}")
        out[type_key(key) if option == "--type" else norm(key)] = target
    return out


# -- ids -----------------------------------------------------------------------------------

SLUG_MAX = 64
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
OWN_ID = re.compile(r"^(partner|function|resource):([a-z0-9][a-z0-9_-]{0,63})$")


_SYLLABLES = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HANGUL SYLLABLE")
"""Scripts whose every character is a syllable: one word each in the id."""


def slugify(text: str) -> str:
    """A label as an id (the format's ids are ASCII: ``^[a-z0-9][a-z0-9_-]*$``):
    ``"Valley CDFI (lender)"`` -> ``valley-cdfi-lender``; accents folded (``Café`` ->
    ``cafe``); other scripts transliterated, the same way every time (``Молочная ферма``
    -> ``molochnaya-ferma``, ``北京农场`` -> ``bei-jing-nong-chang``); empty when
    nothing of it is a letter or digit."""
    from anyascii import anyascii

    parts = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            parts.append(char)
        elif unicodedata.name(char, "").startswith(_SYLLABLES):
            parts.append(f" {anyascii(char)} ")
        else:
            parts.append(anyascii(char))
    slug = _NOT_SLUG.sub("-", "".join(parts).lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


class Ids:
    """Unique ids: the first ``grower`` stays, the next become ``grower-2``, ``grower-3``."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, wanted: str, fallback: str) -> str:
        base = wanted or fallback
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            suffix = f"-{number}"
            candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        self.taken.add(candidate)
        return candidate

    def free(self, wanted: str) -> bool:
        return wanted not in self.taken
