"""`vchain report`: formats, files, errors, and the HTML read back with a parser."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import vchain
from conftest import EXAMPLES, ROOT
from vchain.model import CAPITALS

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
DATA = Path(__file__).parent / "data" / "report"
HOSTILE = DATA / "hostile.chain.yaml"
IDS = [p.name.removesuffix(".chain.yaml") for p in EXAMPLES]


class Page(HTMLParser):
    """Every element with its attributes, the text of each id'd element, inline code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, list[str]] = {}
        self.open: list[str] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        ident = dict(attrs).get("id")
        if ident:
            self.ids.setdefault(ident, [])
            self.open.append(ident)
        elif tag not in ("br", "meta", "input", "img", "line", "rect", "polygon", "path"):
            self.open.append("")
        if tag in self.inline:
            self._raw = tag
            self.inline[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inline:
            self._raw = None
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self._raw:
            self.inline[self._raw][-1] += data
        for ident in self.open:
            if ident:
                self.ids[ident].append(data)

    def text(self, ident: str) -> str:
        return " ".join("".join(self.ids[ident]).split())


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module", params=EXAMPLES, ids=IDS)
def example_html(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[Path, str]:
    from conftest import run_cli

    out = tmp_path_factory.mktemp("report") / "report.html"
    result = run_cli("report", request.param, "-o", out)
    assert result.code == 0, str(result)
    return request.param, out.read_text(encoding="utf-8")


def test_every_partner_investment_capital_and_indicator_is_in_the_page(example_html) -> None:
    chain_path, html = example_html
    chain = vchain.load(chain_path)
    page = parse(html)
    for pid, partner in chain.partners.items():
        card = page.text(f"card-{pid}")
        assert " ".join(partner.name.split()) in card, pid
        assert "What's in it for me?" in card
        assert f"partner-{pid}" in page.ids, f"{pid} is not on the map"
    for iid in chain.investments:
        assert iid in page.text(f"investment-{iid}")
    capitals = page.text("capitals")
    assert all(capital in capitals for capital in CAPITALS)
    for iid, indicator in chain.indicators.items():
        assert " ".join(indicator.name.split()) in page.text(f"indicator-{iid}")
    keys = ["glance", "map", "leverage", "opportunities", "investments", "capitals"]
    keys += ["indicators", "partners", "money"]
    for number, key in enumerate(keys, start=1):
        assert page.text(f"{key}-title").startswith(f"{number}.")


def test_the_page_asks_for_nothing_and_runs_only_its_own_code(example_html) -> None:
    _, html = example_html
    page = parse(html)
    csp = next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert csp is not None
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    for kind in ("style", "script"):
        (body,) = page.inline[kind]
        sha = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{sha}'" in csp
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href", "xlink:href", "action", "srcset"):
                assert value is not None
                assert value.startswith("#"), (tag, name, value)
    assert "@import" not in page.inline["style"][0]
    assert "url(" not in page.inline["style"][0]


def test_the_same_input_gives_the_same_bytes(cli, tmp_path: Path) -> None:
    for name in ("a", "b"):
        cli("report", TOMATO, "-o", tmp_path / f"{name}.html")
        cli("report", TOMATO, "-o", tmp_path / f"{name}.md")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()
    assert str(tmp_path) not in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_the_tomato_soup_report_is_under_a_megabyte_and_a_half(cli, tmp_path: Path) -> None:
    cli("report", TOMATO, "-o", tmp_path / "r.html")
    assert (tmp_path / "r.html").stat().st_size < 1_500_000


def test_no_id_of_the_page_is_used_twice_whatever_the_partners_are_called(
    cli, tmp_path: Path
) -> None:
    """Ids are prefixes and slugs: a partner called `panel`, `x` and `x-name`, an
    investment called `x` must not take another element's id."""
    text = TOMATO.read_text(encoding="utf-8")
    for old, new in (("valley-cdfi", "panel"), ("restaurant", "x"), ("bus-drivers", "x-name")):
        text = re.sub(rf"\b{old}\b", new, text)
    text = text.replace("  pickup-run:", "  x:")
    chain = tmp_path / "renamed.chain.yaml"
    chain.write_text(text, encoding="utf-8")
    cli("report", chain, "-o", tmp_path / "r.html")
    page = parse((tmp_path / "r.html").read_text(encoding="utf-8"))
    ids = [a["id"] for _, a in page.elements if a.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)


def test_hostile_names_stay_text(cli, tmp_path: Path) -> None:
    cli("report", HOSTILE, "-o", tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    page = parse(html)
    tags = {t for t, _ in page.elements}
    assert not tags & {"img", "iframe", "b", "u", "i", "a"} - {"a"}
    assert [t for t, _ in page.elements].count("script") == 1
    assert [t for t, _ in page.elements].count("style") == 1
    links = [a for t, a in page.elements if t == "a"]
    assert all(str(a.get("href", "#")).startswith("#") for a in links)
    assert "</script><script>alert(1)</script>" in page.text("card-maker")
    assert "<img src=x onerror=alert(1)>" in page.text("card-hub")
    assert "\\u202e" in html and "\u202e" not in html  # bidi controls shown, not obeyed
    assert "\u2028" not in html and "\x07" not in html and "\x1b" not in html


def test_markdown_without_output_goes_to_standard_output(cli) -> None:
    result = cli("report", TOMATO)
    assert result.stdout.startswith("# Organic tomato soup: value chain report")
    assert "## 7. Indicators" in result.stdout
    assert "Report on" not in result.stdout  # chatter goes to standard error


def test_markdown_links_the_map_file_when_given(cli) -> None:
    text = cli("report", TOMATO, "--map", "maps/tomato map.svg").stdout
    assert "## 2. The map" in text
    assert "[The value chain map](<maps/tomato%20map.svg>)" in text
    # without --map, the section still stands (the numbering holds) and says where the map is
    plain = cli("report", TOMATO).stdout
    assert "## 2. The map\n\nThe map is in the HTML report" in plain
    assert "[The value chain map]" not in plain


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("-o", "r.htm"), "<!DOCTYPE html>"),
        (("-o", "r.markdown"), "# Organic"),
        (("-o", "r.txt", "--format", "html"), "<!DOCTYPE html>"),
        (("--format", "html"), None),
    ],
)
def test_the_format_comes_from_the_option_or_the_extension(
    cli, tmp_path: Path, args: tuple[str, ...], expected: str | None
) -> None:
    argv = [a if not a.startswith("r.") else str(tmp_path / a) for a in args]
    result = cli("report", TOMATO, *argv)
    if expected is None:
        assert result.stdout.startswith("<!DOCTYPE html>")
    else:
        written = next(tmp_path.iterdir()).read_text(encoding="utf-8")
        assert written.startswith(expected)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("-o", "{tmp}/r.pdf"), "cannot tell the format"),
        (("-o", "{tmp}/r.md", "--format", "html"), "does not match"),
        (("--scale", "0"), "--scale 0"),
        (("--scale", "lots"), "--scale lots"),
        (("--assume", "no-such-point"), "no-such-point"),
        (("--assume", "VC105:vegetable-grower=many"), "the quantity after ="),
        (("-o", "/dev/full", "--format", "html"), "/dev/full"),
    ],
)
def test_usage_problems_exit_2_with_words(
    cli, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    if "/dev/full" in args and not _is_device("/dev/full"):
        pytest.skip("/dev/full is not the full device on this machine")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = cli("report", TOMATO, *argv, expect=2)
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def _is_device(path: str) -> bool:
    import os
    import stat

    return os.path.exists(path) and stat.S_ISCHR(os.stat(path).st_mode)


def test_a_folder_as_output_is_a_usage_problem(cli, tmp_path: Path) -> None:
    (tmp_path / "r.html").mkdir()
    result = cli("report", TOMATO, "-o", tmp_path / "r.html", expect=2)
    assert "is a folder" in result.stderr


def test_never_writes_over_the_chain_file(cli, tmp_path: Path) -> None:
    chain = tmp_path / "chain.md"
    chain.write_bytes(TOMATO.read_bytes())
    result = cli("report", chain, "-o", chain, expect=2)
    assert "never writes a report onto it" in result.stderr
    assert chain.read_bytes() == TOMATO.read_bytes()


def test_a_chain_with_no_name_gets_a_report_of_its_errors_named_by_its_path(
    cli, tmp_path: Path
) -> None:
    """The chain's name missing (found by mangling the case chains): the page of problems
    is titled by the file's path (it was exit 3)."""
    broken = tmp_path / "noname.chain.yaml"
    broken.write_text(
        TOMATO.read_text(encoding="utf-8").replace("  name: Organic tomato soup\n", "", 1),
        encoding="utf-8",
    )
    result = cli("report", broken, expect=1)
    assert result.stdout.splitlines()[0].endswith("noname.chain.yaml: value chain report")
    assert "missing required key" in result.stdout
    cli("report", broken, "-o", tmp_path / "r.html", expect=1)


def test_a_chain_with_errors_gets_a_report_of_its_errors(cli, tmp_path: Path) -> None:
    """cli-contract: the output is written whatever the findings; with errors, the
    errors in that format, never an empty output with text on standard error."""
    from html.parser import HTMLParser

    broken = tmp_path / "broken.chain.yaml"
    broken.write_text(TOMATO.read_text(encoding="utf-8").replace("type: demand", "type: buyer", 1))
    result = cli("report", broken, expect=1)  # Markdown to standard output
    assert result.stdout.startswith("# Organic tomato soup: value chain report\n")
    assert "The report cannot be made yet" in result.stdout
    assert "1 error, 0 warnings" in result.stdout
    assert "| ❌ error | `" in result.stdout and "type" in result.stdout
    assert "fix these problems first" in result.stderr
    page = tmp_path / "r.html"
    result = cli("report", broken, "-o", page, expect=1)
    html = page.read_text("utf-8")
    HTMLParser().feed(html)
    assert "<h1>Organic tomato soup</h1>" in html
    assert "The report cannot be made yet" in html
    assert "script-src &#39;none&#39;" in html  # no script on this page
    assert html.count("<tr><td>") == 1  # the one problem, in a row of its own
    result = cli("report", broken, "-f", "markdown", "-o", tmp_path / "r.md", expect=1)
    assert "The report cannot be made yet" in (tmp_path / "r.md").read_text("utf-8")
    unreadable = tmp_path / "unreadable.chain.yaml"
    unreadable.write_text("vchain: [1\n", "utf-8")
    result = cli("report", unreadable, expect=2)
    assert "cannot be read as a chain file" in result.stdout
    assert "VC001" in result.stdout
    cli("report", tmp_path / "missing.chain.yaml", expect=2)


def test_without_graphviz_the_report_says_so_and_has_every_other_section(
    cli, tmp_path: Path
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = cli("report", TOMATO, "-o", tmp_path / "r.html", env={"PATH": str(empty)})
    assert "no map" in result.stderr
    page = parse((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "needs Graphviz" in page.text("map")
    assert "partner-vegetable-grower" not in page.ids
    assert "Vegetable growers" in page.text("card-vegetable-grower")


def test_help_names_the_sections_and_options(cli) -> None:
    text = cli("report", "--help").stdout
    for word in ("--format", "--output", "--map", "--scale", "--assume", "partner briefs"):
        assert word in text
    assert re.search(r"report\s", cli("--help").stdout)


def test_assume_takes_a_quantity_in_the_demand_unit(cli, tmp_path: Path) -> None:
    """`--assume ID=5000 cans/yr` where demand is in cans/yr, as `ID=5000`; another unit
    is refused with the right one named (leverage and report alike)."""
    point = "VC105:vegetable-grower"
    bare = cli("leverage", TOMATO, "--assume", f"{point}=5,000", "-f", "json").stdout
    with_unit = cli("leverage", TOMATO, "--assume", f"{point}=5,000 cans/yr", "-f", "json")
    assert with_unit.stdout == bare
    report = cli("report", TOMATO, "--assume", f"{point}=5000 cans/yr").stdout
    assert report == cli("report", TOMATO, "--assume", f"{point}=5000").stdout
    for command in ("leverage", "report"):
        result = cli(command, TOMATO, "--assume", f"{point}=5 t/yr", expect=2)
        assert "counted in the demand unit, cans/yr, not t/yr" in result.stderr


def test_what_binds_at_scale_names_the_gaps_when_gaps_block_everything(cli) -> None:
    """Co-op weatherization delivers nothing until its gaps are filled: at 2x demand the
    report says so, never "0 deliverable: nothing stated binds"."""
    chain = ROOT / "tests" / "data" / "cases" / "co-op-weatherization.chain.yaml"
    text = cli("report", chain, "--scale", "2").stdout
    line = next(x for x in text.splitlines() if x.startswith("**At 2× demand"))
    assert "0 deliverable" in line
    assert "fill the gaps (a way to electric-coop, a way to landlords and function repair)" in line
    assert "nothing stated binds" not in text
