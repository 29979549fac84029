"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

One browser for the whole module.  Every page is opened from a file, with every request
routed: anything but the page itself fails the test.  `make install` installs Chromium
with apt-get where it is missing (as root); without it these tests are skipped, saying so.
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vchain
from conftest import ROOT, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
DATA = Path(__file__).parent / "data" / "report"
#: Run before the page's own script: any payload that ran would leave its mark here.
TRAP = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push([name, String(args[0])]); };
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make chromium, or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, chain in (
        ("tomato", TOMATO),
        ("hostile", DATA / "hostile.chain.yaml"),
        ("sparse", DATA / "sparse.chain.yaml"),
        ("nobuyer", DATA / "nobuyer.chain.yaml"),
        ("longnames", DATA / "longnames.chain.yaml"),
    ):
        path = folder / f"{name}.html"
        result = run_cli("report", chain, "-o", path)
        assert result.code == 0, str(result)
        out[name] = path
    return out


class Visit:
    """An open page and everything it tried: console errors, requests, dialogs."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.add_init_script(TRAP)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        url = path.resolve().as_uri()
        self.page.route("**/*", lambda route: self._route(route, url))
        self.page.goto(url)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _route(self, route: Any, url: str) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def clean(self) -> None:
        assert self.errors == []
        assert self.requests == []
        assert self.dialogs == []
        assert self.page.evaluate("window.__ran") == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, reports: dict[str, Path]) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_report(name: str, width: int = 1280) -> Visit:
        page = Visit(browser, reports[name], width)
        opened.append(page)
        return page

    yield open_report
    for page in opened:
        page.close()


def _colours(browser: Any, png: bytes) -> int:
    """Distinct colours in a screenshot, counted by the browser itself on a blank page."""
    page = browser.new_page()
    try:
        data = base64.b64encode(png).decode()
        page.set_content(f'<img id="shot" src="data:image/png;base64,{data}">')
        return int(
            page.evaluate(
                """() => new Promise(done => {
                  const img = document.getElementById("shot");
                  const count = () => {
                    const c = document.createElement("canvas");
                    c.width = img.naturalWidth; c.height = img.naturalHeight;
                    const g = c.getContext("2d"); g.drawImage(img, 0, 0);
                    const px = g.getImageData(0, 0, c.width, c.height).data;
                    const seen = new Set();
                    for (let i = 0; i < px.length; i += 28) {
                      seen.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]);
                    }
                    done(seen.size);
                  };
                  img.complete ? count() : img.onload = count;
                })"""
            )
        )
    finally:
        page.close()


def test_the_tomato_soup_report_opens_clean_and_is_not_blank(visit, browser) -> None:
    page = visit("tomato")
    view = page.page
    assert view.title().startswith("Organic tomato soup")
    assert view.locator("#map-viewport svg").count() == 1
    assert _colours(browser, view.screenshot()) > 30
    assert _colours(browser, view.locator("#map-viewport").screenshot()) > 30
    page.clean()


def test_every_partner_card_opens_from_the_map_by_click_and_by_keyboard(visit) -> None:
    page = visit("tomato")
    view = page.page
    chain = vchain.load(TOMATO)
    panel = view.locator("#panel")
    for pid, partner in chain.partners.items():
        name = " ".join(partner.name.split())
        card = view.locator(f"#card-{pid}")
        assert card.count() == 1, pid
        node = view.locator(f"#partner-{pid}")
        assert node.get_attribute("tabindex") == "0"
        node.click()
        assert "open" in (card.get_attribute("class") or ""), pid
        assert name in panel.inner_text(), pid
        assert "selected" in (node.get_attribute("class") or "")
        view.locator("#map-reset").click()  # something else has the focus now
        card.locator("button.toggle").click()  # fold the card again
        assert "open" not in (card.get_attribute("class") or "")
        node.focus()
        view.keyboard.press("Enter")
        assert "open" in (card.get_attribute("class") or ""), pid
        assert name in panel.inner_text()
    page.clean()


def test_tab_reaches_the_partners_on_the_map(visit) -> None:
    page = visit("tomato")
    view = page.page
    view.locator("#map-viewport").focus()
    view.keyboard.press("Tab")
    focused = view.evaluate("document.activeElement.id")
    assert focused.startswith(("partner-", "group-")), focused
    view.keyboard.press(" ")
    assert view.locator("#panel .card").count() == 1
    page.clean()


def test_the_map_pans_and_zooms(visit) -> None:
    page = visit("tomato")
    view = page.page
    svg = view.locator("#map-viewport svg")

    def width() -> float:
        return float((svg.get_attribute("viewBox") or "").split()[2])

    home = width()
    view.locator("#map-zoom-in").click()
    assert width() < home
    view.locator("#map-reset").click()
    assert width() == pytest.approx(home)
    box = view.locator("#map-viewport").bounding_box()
    view.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    view.mouse.wheel(0, -300)
    assert width() < home
    before = (svg.get_attribute("viewBox") or "").split()[0]
    view.mouse.down()
    view.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2, steps=5)
    view.mouse.up()
    assert (svg.get_attribute("viewBox") or "").split()[0] != before
    view.locator("#map-viewport").focus()
    view.keyboard.press("0")
    assert width() == pytest.approx(home)
    page.clean()


def test_each_leverage_row_opens_into_its_explanation(visit) -> None:
    page = visit("tomato")
    view = page.page
    row = view.locator("#explain-1")
    assert not row.is_visible()
    button = view.locator("#point-1 button.toggle")
    button.click()
    assert row.is_visible()
    assert "score =" in row.inner_text()
    assert button.get_attribute("aria-expanded") == "true"
    button.click()
    assert not row.is_visible()
    page.clean()


def test_hostile_names_show_as_text_and_run_nothing(visit, browser) -> None:
    page = visit("hostile")
    view = page.page
    assert (
        view.locator("h1")
        .inner_text()
        .startswith("Soup <img src=x onerror=alert(1)> </script><script>alert(1)</script>")
    )
    assert (
        view.locator("#card-maker h3").inner_text().startswith("</script><script>alert(1)</script>")
    )
    assert view.locator("body").is_visible()  # the </style><style> in the region did nothing
    assert view.locator("img, iframe").count() == 0
    assert view.locator("script").count() == 1
    for pid in ("hub", "maker", "buyer"):
        view.locator(f"#partner-{pid}").click()
        view.locator(f"#partner-{pid}").hover()
    for button in view.locator("button.toggle").all():
        button.click()
    view.locator("#map-viewport").hover()
    assert _colours(browser, view.screenshot(full_page=True)) > 20
    page.clean()


def test_print_to_pdf_gives_a_clean_document(visit) -> None:
    page = visit("tomato")
    view = page.page
    view.emulate_media(media="print")
    assert not view.locator("#map-zoom-in").is_visible()
    assert not view.locator("nav.sections").is_visible()
    assert view.locator("#card-vegetable-grower .card-body").is_visible()  # cards expanded
    assert view.locator("#explain-1").is_visible()
    assert view.locator("#map-viewport svg").is_visible()
    view.emulate_media(media="screen")
    pdf = view.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= 5, pages
    page.clean()


def test_a_phone_width_works(visit, browser) -> None:
    page = visit("tomato", width=390)
    view = page.page
    assert view.evaluate("document.documentElement.scrollWidth") <= 390
    card = view.locator("#card-vegetable-grower").bounding_box()
    assert card["width"] <= 390
    view.locator("#partner-vegetable-grower").click()
    assert "Vegetable growers" in view.locator("#panel").inner_text()
    assert _colours(browser, view.screenshot()) > 20
    page.clean()


@pytest.mark.parametrize("name", ["sparse", "nobuyer"])
def test_a_sparse_chain_says_something_in_every_section(visit, name: str) -> None:
    page = visit(name)
    view = page.page
    for section in ("glance", "map", "leverage", "opportunities", "investments"):
        text = view.locator(f"#{section}").inner_text()
        assert len(text.split()) > 8, (section, text)
    for section in ("capitals", "indicators", "partners", "money"):
        text = view.locator(f"#{section}").inner_text()
        assert len(text.split()) > 8, (section, text)
    assert view.locator(".empty").count() >= 5
    page.clean()


A4_WIDTH = 718
"""The width of an A4 page inside the print stylesheet's margins (210 mm - 2 x 10 mm),
in CSS pixels (96 to the inch): what Chromium lays a printed page out in."""
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wider = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    if (el.closest(".table-wrap") && !el.classList.contains("table-wrap")) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) wider.push(el.tagName + " " + el.className);
  }
  const cut = (selector) => [...document.querySelectorAll(selector)]
    .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.getAttribute("aria-label") || el.id || el.tagName);
  return {
    page: document.documentElement.scrollWidth, width, wider,
    tables: cut(".table-wrap"), blocks: cut("pre, .card, h1, h2, h3, dd, p, li"),
  };
}"""
"""What is wider than the page, and what is cut (scrolls inside itself)."""


@pytest.mark.parametrize("name", ["tomato", "longnames"])
def test_printed_every_table_and_explanation_fits_the_width_of_an_a4_page(
    browser, reports, name: str
) -> None:
    """The 16-column leverage table and the explanations' <pre> wrap to the page: laid
    out as Chromium prints (print media, the A4 page's width), nothing is wider."""
    page = Visit(browser, reports[name], width=A4_WIDTH)
    try:
        view = page.page
        view.emulate_media(media="print")
        found = view.evaluate(OVERFLOW)
        assert found["page"] <= A4_WIDTH, found
        assert found["wider"] == [], found
        assert found["tables"] == [], found  # a printed page cannot scroll
        assert found["blocks"] == [], found
        assert view.locator("#explain-1 pre").is_visible()
        pdf = view.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF-")
        page.clean()
    finally:
        page.close()


WORDS_CUT = """() => {
  const cut = [];
  for (const cell of document.querySelectorAll("table.leverage tbody td, table.leverage th")) {
    if (cell.closest("tr.explain")) continue;
    const range = document.createRange();
    for (const word of (cell.innerText.match(/[A-Za-z]{4,}/g) || [])) {
      const probe = document.createElement("span");
      probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap";
      probe.textContent = word;
      cell.appendChild(probe);
      if (probe.getBoundingClientRect().width > cell.clientWidth) cut.push(word);
      probe.remove();
    }
  }
  return cut;
}"""


def test_on_screen_no_column_of_the_leverage_table_is_squeezed_to_letters(visit) -> None:
    """The table scrolls in its box instead: every word of its cells fits its cell ("declared",
    "partner", the parts' names were cut to a letter a line at 1280 px)."""
    page = visit("tomato")
    assert page.page.evaluate(WORDS_CUT) == []
    page.clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_long_unbroken_names_never_make_the_page_wider_than_the_screen(visit, width: int) -> None:
    """A 64-letter id, 200-letter names, texts with no space: they wrap in cards, cells
    and headings; a table too wide for a phone scrolls in its own box, never the page."""
    page = visit("longnames", width=width)
    view = page.page
    found = view.evaluate(OVERFLOW)
    assert found["page"] <= width, found
    assert found["wider"] == [], found
    assert found["blocks"] == [], found
    for card in view.locator(".card").all():
        box = card.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
    page.clean()


def test_backticks_in_messages_and_notes_are_code_and_nothing_else(visit) -> None:
    """`like this` in a message or a note shows as code, not as two backticks; what is
    inside stays text (the hostile chain's `code` next to a <script>)."""
    page = visit("hostile")
    view = page.page
    assert "code" in view.locator("#card-maker code").all_inner_texts()
    card = view.locator("#card-maker").inner_text()
    assert "`code`" not in card
    assert "<script>alert(2)</script>" in card  # still text
    assert view.locator("#card-maker script").count() == 0
    page.clean()
    page = visit("nobuyer")  # its note: "Add the buyers (`type: demand`) and ..."
    glance = page.page.locator("#glance")
    assert "type: demand" in glance.locator("code").all_inner_texts()
    assert "`" not in glance.inner_text()
    page.clean()


def test_the_page_of_a_chain_with_errors_opens_clean(browser, tmp_path: Path) -> None:
    broken = tmp_path / "broken.chain.yaml"
    broken.write_text(TOMATO.read_text("utf-8").replace("type: demand", "type: buyer", 1), "utf-8")
    out = tmp_path / "broken.html"
    result = run_cli("report", broken, "-o", out)
    assert result.code == 1, str(result)
    page = Visit(browser, out)
    try:
        view = page.page
        assert view.locator("h1").inner_text() == "Organic tomato soup"
        assert "cannot be made yet" in view.locator("#problems").inner_text()
        assert view.locator("#problems tbody tr").count() == 1
        page.clean()
    finally:
        page.close()
