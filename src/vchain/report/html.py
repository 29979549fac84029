"""The report as one self-contained HTML page.

Jinja2 with autoescape on renders ``templates/report.html.j2``; every text from the
chain passes :func:`vchain.safetext.visible` (the ``v`` filter) and then HTML escaping.
The CSS and the JavaScript (``static/``) are inlined, and a Content-Security-Policy
forbids every request and every script or style but those two, named by their SHA-256
(computed here, so the same input gives the same bytes).  The map is the SVG of
:mod:`vchain.report.mapsvg`, re-serialized by an XML writer.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

from vchain.model import CAPITALS, LEVERAGE_PARTS, format_amount
from vchain.report import words
from vchain.reporters.leverage_text import SHORT
from vchain.safetext import visible

if TYPE_CHECKING:
    from markupsafe import Markup

    from vchain.report.data import ReportFacts

SECTIONS: tuple[tuple[str, str], ...] = (
    ("glance", "The chain at a glance"),
    ("map", "The map"),
    ("leverage", "Leverage points"),
    ("opportunities", "Gaps, bottlenecks and underutilized resources"),
    ("investments", "The wealth-building investment table"),
    ("capitals", "The eight capitals scorecard"),
    ("indicators", "Indicators"),
    ("partners", "Partner briefs"),
    ("money", "Where the money goes"),
)
PART_LABELS: dict[str, str] = {
    name: SHORT.get(name, name.replace("_", " ")) for name in LEVERAGE_PARTS
}
"""The short names of the parts, as `vchain leverage` heads its columns."""


def static(name: str) -> str:
    return (resources.files("vchain.report") / "static" / name).read_text(encoding="utf-8")


def digest(text: str) -> str:
    """The CSP source of an inline script or style: its SHA-256, base64."""
    sha = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(sha).decode()}'"


def policy(css: str, js: str | None) -> str:
    """Nothing may be fetched, framed, sent or run but the page's own style and script
    (``js`` None: no script at all)."""
    scripts = digest(js) if js is not None else "'none'"
    return (
        f"default-src 'none'; style-src {digest(css)}; script-src {scripts}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )


def num(value: float | int | None) -> str:
    return "—" if value is None else format_amount(float(value))


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


_CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def prose(text: object) -> Markup:
    """A text for a page: shown safely (:func:`visible`), HTML-escaped, and then each
    `span in backticks` (as messages and notes write ids and keys) as ``<code>``; the
    escaping comes first, so nothing in the text can make an element but that."""
    from markupsafe import Markup, escape

    escaped = str(escape(visible(str(text))))
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", escaped))  # noqa: S704 - escaped above


def yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")


def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("vchain.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(v=lambda text: visible(str(text)), num=num, pct=pct, signed=signed)
    env.filters["yes_no"] = yes_no
    env.filters["t"] = prose
    return env


def render_html(facts: ReportFacts, map_svg: str | None, *, version: str) -> str:
    """The page.  ``map_svg`` is the interactive map (None: Graphviz is not installed)."""
    from markupsafe import Markup

    css, js = static("report.css"), static("report.js")
    template = environment().get_template("report.html.j2")
    return str(
        template.render(
            f=facts,
            g=facts.glance,
            n=facts.numbers,
            sections=SECTIONS,
            parts=LEVERAGE_PARTS,
            part_labels=PART_LABELS,
            capitals=CAPITALS,
            css=Markup(css),  # noqa: S704 - the package's own stylesheet, hashed by the CSP
            js=Markup(js),  # noqa: S704 - the package's own script, hashed by the CSP
            csp=policy(css, js),
            map_svg=Markup(map_svg) if map_svg is not None else None,  # noqa: S704 - see mapsvg
            version=version,
            words=words,
        )
    )
