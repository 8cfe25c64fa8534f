"""The report page on a 360 px phone, in a real Chromium: unit names wrap only between words, the
matrix scrolls inside its own box with the unit column sticky, the legend has colour swatches,
and no maintainer note reaches the public page."""
from __future__ import annotations

import pytest

from test_site_support import Built, built_site

pytestmark = pytest.mark.browser
URL = "bao-cao/2021/"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    b = built_site(tmp_path_factory, "real")
    assert (b.site / URL / "index.html").is_file()
    return b


@pytest.fixture
def phone(browser, real: Built, serve_dir):
    ctx = browser.new_context(viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    page.goto(serve_dir(real.site) + URL, wait_until="networkidle")
    yield page
    ctx.close()


# The widest single word of each unit name, measured in the cell's own font, against the room
# the cell gives it: when every word fits, the name wraps only at spaces.
WORDS_FIT = """() => [...document.querySelectorAll('.sc-intake tbody th[scope=row]')].map(th => {
  const style = getComputedStyle(th), probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:' + style.font;
  document.body.appendChild(probe);
  const widest = Math.max(...th.innerText.split(/\\s+/).map(w => { probe.textContent = w; return probe.offsetWidth; }));
  probe.remove();
  const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {name: th.innerText, widest, room, wordBreak: style.wordBreak, wrap: style.overflowWrap,
          hyphens: style.hyphens};
})"""


def test_unit_names_break_only_between_words(phone) -> None:
    cells = phone.evaluate(WORDS_FIT)
    assert len(cells) > 30
    names = {c["name"].replace("\n", " ") for c in cells}
    assert "Xã Nhân Nghĩa" in names
    for c in cells:
        assert (c["wordBreak"], c["wrap"], c["hyphens"]) == ("normal", "normal", "none"), c
        assert c["widest"] <= c["room"] + 0.5, c


def test_matrix_scrolls_in_its_own_box_with_the_unit_column_sticky(phone) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # the page itself does not
    box = phone.locator(".md-typeset__scrollwrap", has=phone.locator(".sc-intake"))
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 100")
    unit = phone.locator(".sc-intake tbody th[scope=row]").first
    before = unit.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = 400; }")
    phone.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    left = box.bounding_box()["x"]
    assert box.evaluate("b => b.scrollLeft") >= 300
    assert abs(unit.bounding_box()["x"] - left) < 2 and unit.bounding_box()["x"] <= before
    quarter = phone.locator(".sc-intake tbody tr").first.locator("td.sc-st").first
    assert quarter.bounding_box()["x"] < left  # the quarter cells did scroll away under it


def test_legend_shows_each_status_colour(phone) -> None:
    swatches = phone.evaluate("""() => [...document.querySelectorAll('.sc-legend li')].map(li => ({
        label: li.innerText.trim(),
        colour: getComputedStyle(li.querySelector('.sc-swatch')).backgroundColor}))""")
    cell = lambda status: phone.evaluate(  # noqa: E731
        f"getComputedStyle(document.querySelector('.sc-st-{status}') || document.body).backgroundColor")
    colours = {s["label"]: s["colour"] for s in swatches}
    assert list(colours)[:3] == ["Chưa giới thiệu", "Đạt", "Vượt"]
    assert colours["Chưa giới thiệu"] == "rgb(248, 215, 218)" == cell("missing")
    assert colours["Đạt"] == "rgb(212, 237, 218)"
    assert colours["Vượt"] == "rgb(204, 229, 255)"
    assert len(set(colours.values())) >= 4


def test_no_maintainer_note_on_the_public_page(phone) -> None:
    text = phone.locator("article").inner_text()
    assert "Phòng Nội vụ là Thường trực Hội đồng Thi đua" in text  # the public part of the note
    for note in ("vào đây", "ghi min, max", "người duy trì", "cần đối chiếu"):
        assert note not in text, note
