"""Text that passes the check but is hostile when rendered: a whole site is built from it and
every output file is searched for what must not be there.

Plain text fields may hold '<', '&' and quotes (a name "<b>An</b> & Co" is text); they must
come out escaped in every page, in <head>, in the nav, and stay inert in every data file.
"""
from __future__ import annotations

import csv
import io
import json
import functools
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from _profiles import profile, year_2021
from conftest import fill_tree
from showcase.publish.build import build_site
from showcase.validate.check import check_content

ROOT = Path(__file__).resolve().parent.parent
NAME = "<b>An</b> & Co \"Tâm\""
TITLE = "&lt;/title&gt;&lt;b&gt;Trang&lt;/b&gt;"  # entities in the source: stay entities on the page
FORMULA = '=HYPERLINK("https://ke-xau.example","Xem")'
MUST_NOT = [b"<b>An</b>", b"<b>Trang</b>", b"</title><b>", b"<i>tay</i>",
            b"onerror=", b"javascript:", b"<script>alert", b"<u>ap</u>", b"<s>hop</s>", b"<em>Sao</em>"]


def hostile_tree(make_tree) -> Path:
    person = profile(
        "xuan-duong", "an-va-co", "2021-Q2", '"' + NAME.replace('"', '\\"') + '"', received="12/04/2021",
        summary="Tổ <i>tay</i> & \\\"ngoặc\\\" {{ 7*7 }} ${x} # không phải tiêu đề",
        extra="role: \"[bấm](trang.md) **đậm** <em>Sao</em>\"\nhamlet: \"<u>ap</u> & &lt;script&gt;\"\n"
              "achievements:\n  - \"# Tiêu đề giả\\n\\n<s>hop</s>\"\n")
    units = (ROOT / "exemplars" / "units.yaml").read_text(encoding="utf-8")
    assert "  name: Xã Xuân Đường\n" in units
    units = units.replace("  name: Xã Xuân Đường\n", "  name: '" + FORMULA + " <b>An</b>'\n", 1)
    page = f'---\ntitle: "{TITLE} <b>Trang</b>"\ndescription: "\\" onmouseover <i>tay</i>"\n---\n\nXin chào.\n'
    return make_tree({**year_2021(), person[0]: person[1], "exemplars/units.yaml": units,
                      "content/gioi-thieu.md": page})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Built once for the module (conftest's make_tree is per test): the same copy of the project."""
    base = tmp_path_factory.mktemp("hostile")
    return build_site(hostile_tree(functools.partial(fill_tree, base / "repo", posts=False)),
                      strict=False, quiet=True)


def readable(path: Path) -> bytes:
    """A file's bytes, and for an XLSX the XML inside it."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return b"".join(z.read(n) for n in z.namelist())
    return data


def test_hostile_text_passes_the_check(make_tree) -> None:
    _, problems = check_content(hostile_tree(make_tree), base=None)
    assert problems.errors == [], problems.render()


def test_no_output_carries_markup_or_a_script(site) -> None:
    """HTML, XML, JSON (search shards, open data), XLSX. Plain-text formats keep text as written:
    .txt bulletins (read aloud), .csv (its formula guard is tested below) and the CMS's .yml."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if path.suffix in (".js", ".css", ".woff2", ".jpg", ".webp", ".png", ".ico", ".gz", ".txt", ".csv", ".yml"):
            continue
        data = readable(path)
        found += [(path.relative_to(site).as_posix(), bad) for bad in MUST_NOT if bad in data]
    assert found == []


def test_profile_page_shows_the_name_as_text_everywhere(site) -> None:
    page = (site / "dien-hinh" / "an-va-co" / "index.html").read_text(encoding="utf-8")
    escaped = "&lt;b&gt;An&lt;/b&gt; &amp; Co &#34;Tâm&#34;"
    assert f"<title>{escaped} - " in page
    # no photo: the initials badge sits inside the <h1> (tests/test_reader_layout.py)
    assert re.search(rf'<h1 class="sc-badged"><span class="sc-initials [^"]+" aria-hidden="true">[^<]*</span>'
                     rf'{re.escape(escaped)}</h1>', page)
    assert f'<meta property="og:title" content="{escaped}">' in page
    assert '<p class="sc-summary">Tổ &lt;i&gt;tay&lt;/i&gt; &amp; &#34;ngoặc&#34;' in page
    assert "&lt;u&gt;ap&lt;/u&gt; &amp; &amp;lt;script&amp;gt;" in page  # typed entities stay visible
    assert "{{ 7*7 }} ${x}" in page  # never evaluated by a template engine
    assert "<li># Tiêu đề giả\n\n&lt;s&gt;hop&lt;/s&gt;</li>" in page


def test_hand_written_page_title_stays_text(site) -> None:
    page = (site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert "<title>&amp;lt;/title&amp;gt;&amp;lt;b&amp;gt;Trang&amp;lt;/b&amp;gt; &lt;b&gt;Trang&lt;/b&gt; - " in page
    assert '<meta name="description" content="&#34; onmouseover &lt;i&gt;tay&lt;/i&gt;">' in page


def test_spreadsheets_keep_a_formula_as_text(site) -> None:
    stem = site / "bao-cao" / "2021" / "tinh-hinh-gioi-thieu-dien-hinh-2021"
    rows = list(csv.reader(io.StringIO(stem.with_suffix(".csv").read_bytes().decode("utf-8-sig"))))
    cells = [c for r in rows for c in r if "HYPERLINK" in c]
    assert cells and all(c.startswith("'=HYPERLINK(") for c in cells)
    ws = load_workbook(stem.with_suffix(".xlsx")).active
    cells = [c for r in ws.iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" and c.value.startswith(FORMULA) for c in cells)


def test_feed_and_open_data_read_back_as_the_same_text(site) -> None:
    titles = [e.text for e in ET.parse(site / "feed.xml").getroot().iter("{http://www.w3.org/2005/Atom}title")]
    assert NAME in titles
    raw = (site / "du-lieu" / "dien-hinh.json").read_text(encoding="utf-8")
    assert "<" not in raw and NAME in [r["name"] for r in json.loads(raw)["exemplars"]]


def test_the_build_sanitiser_removes_every_refused_piece() -> None:
    """Second line: were the check skipped, what it refuses is still gone from the page."""
    import markdown
    from showcase.validate.markup import sanitize_html
    from test_hostile_check import MARKDOWN
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition"])
    bad = ("<script", "<svg", "<math", "<base", "<meta", "<link", "<form", "<input", "<style", "<iframe",
           "<object", "<embed", "<video", "javascript:", "vbscript:", "data:", "ke-xau.example/a.jpg",
           "onerror", "onclick", "ontoggle", "style=\"background", "position:fixed", "data-x")
    for source, _, _ in MARKDOWN:
        out = sanitize_html(md.reset().convert(f"Bà kể: {source}")).lower()
        tags = " ".join(re.findall(r"<[^>]*>", out))  # words in the text are only words
        assert [b for b in bad if b.lower() in tags] == [], (source, out)


def test_generated_markdown_lines_keep_text_as_text() -> None:
    """A unit or period name lands in a '## heading' or '- [link]' we write: Markdown-escaped."""
    import markdown
    from showcase.render.templates import markdown_text
    name = "# Xã [A](javascript:x) *đậm* `mã` {: .x } <b>B</b> & C\n## D"
    line = markdown_text(name)
    assert line == ("\\# Xã \\[A\\](javascript:x) \\*đậm\\* \\`mã\\` \\{: .x \\} &lt;b&gt;B&lt;/b&gt; &amp; C "
                    "\\#\\# D")
    out = markdown.markdown(f"## {line} (3)")
    assert out == ("<h2># Xã [A](javascript:x) *đậm* `mã` {: .x } &lt;b&gt;B&lt;/b&gt; &amp; C ## D (3)</h2>")
