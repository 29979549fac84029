"""The invariant of `vchain fmt`, tried on YAML written every way it can be (tests/yamlgen.py).

For every file `vchain validate` can read, `vchain fmt` either formats it, keeping every
comment (in order, unless keys moved and took their comments along) and the same data,
idempotently, or refuses with a clear message (exit 2); it never crashes (exit 3).
"""

from __future__ import annotations

import math
import random
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from vchain.fmt.formatter import FormatRefused, format_text
from vchain.loading.loader import load_document
from yamlgen import chain_text


def _canonical(value: Any) -> Any:
    """Data that compares types and ignores the order of keys (fmt reorders them)."""
    if isinstance(value, dict):
        return ("map", sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", [_canonical(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _keys(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (k, *_keys(v))]
    if isinstance(value, list):
        return [x for v in value for x in _keys(v)]
    return []


def _find_in_order(text: str, comments: list[str]) -> str | None:
    """The first comment not found after the previous one, or None."""
    position = 0
    for comment in comments:
        found = text.find(comment, position)
        if found < 0:
            return comment
        position = found + len(comment)
    return None


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(st.randoms(use_true_random=False))
def test_fmt_keeps_comments_and_data_or_refuses(rng: random.Random) -> None:
    generated = chain_text(rng)
    source = load_document("chain.yaml", text=generated.text.removeprefix("\ufeff"))
    assume(source.readable)
    try:
        out = format_text(generated.text).text
    except FormatRefused as exc:
        refused: FormatRefused | None = exc
    else:
        refused = None
    if refused is not None:
        event("refused")
        assert not refused.unreadable, refused.findings
        assert refused.findings[0].message.startswith("not formatted: ")
        return
    assert "\r" not in out and not out.startswith("\ufeff") and out.endswith("\n")
    formatted = load_document("chain.yaml", text=out)
    assert formatted.readable, (out, formatted.findings)
    assert _canonical(formatted.data) == _canonical(source.data), out
    texts = [c.rstrip(" \t") for c in generated.comments]
    if _keys(formatted.data) == _keys(source.data):
        event("keys in place")
        assert _find_in_order(out, texts) is None, out
    else:
        assert all(text in out for text in texts), out
    assert format_text(out).text == out, "not idempotent"


def test_the_generator_writes_what_the_invariant_is_about() -> None:
    """The texts hold comments, CR line breaks, U+2028, anchors, tabs and block scalars,
    and most of them are readable: otherwise the property above tests little."""
    texts = [chain_text(random.Random(seed)).text for seed in range(300)]
    readable = [t for t in texts if load_document("x", text=t.removeprefix("\ufeff")).readable]
    assert len(readable) > 200
    joined = "".join(readable)
    for needle in ("#", "\r", "\u2028", "\x85", "&a", "*a", "\t", "|+", ">-", "...", "%YAML"):
        assert needle in joined, needle


def test_what_the_fast_path_leaves_to_the_round_trip_keeps_its_comments() -> None:
    """A key over two lines (written as an explicit key) is beyond the fast path."""
    text = 'vchain: 1 # one\n? "a\n  b" # two\n: 1 # three\nchain: # four\n  name: x\n'
    result = format_text(text).text
    assert result == 'vchain: 1 # one\nchain: # four\n  name: x\n# two\n"a b": 1 # three\n'
