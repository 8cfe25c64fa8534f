"""A private way to answer: correction/removal requests and nominations go to the office, never to
a public issue tracker, and carry a profile's id, never its name (issue 13)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from showcase.core.model import LABELS
from showcase.core.settings import load_settings
from showcase.render.contact import NOMINATION_FIELDS
from test_site_support import Built, built_site

MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, "real")


def office(real: Built) -> dict:
    return dict(load_settings(real.root).office)


def mail_parts(href: str) -> tuple[str, str, str]:
    parts = urlsplit(href.replace("&amp;", "&"))
    query = parse_qs(parts.query)
    return parts.path, query["subject"][0], query["body"][0]


def test_every_profile_links_to_the_private_request_with_its_id(real: Built) -> None:
    profiles = sorted((real.site / "dien-hinh").glob("*/index.html"))
    assert profiles
    for path in profiles:
        html = path.read_text(encoding="utf-8")
        pid = re.search(r'<meta name="exemplar" content="([^"]+)"', html) or \
            re.search(r"Mã hồ sơ: <code>([^<]+)</code>", html)
        if pid is None:  # a redirect or a withdrawn notice has no request link
            continue
        assert f'href="../../de-nghi-sua-go/?ho-so={pid[1]}"' in html, path
        assert "Đề nghị sửa hoặc gỡ hồ sơ" in html


def test_no_page_sends_a_removal_request_to_a_public_issue_tracker(real: Built) -> None:
    offenders = [p for p in real.html_files if "/issues/new" in p.read_text(encoding="utf-8")]
    assert not offenders


def test_request_page_gives_the_office_contact_and_what_happens(real: Built) -> None:
    html = (real.site / "de-nghi-sua-go" / "index.html").read_text(encoding="utf-8")
    o = office(real)
    for value in (o["address"], o["phone"], o["email"], o["hours"]):
        assert value in html
    assert f"trả lời bạn trong vòng {o['response_days']}" in html
    assert 'href="tel:' + re.sub(r"[^\d+]", "", o["phone"]) + '"' in html
    href = re.search(r'href="(mailto:[^"]+)" data-request-mail', html)[1]
    to, subject, body = mail_parts(href)
    assert to == o["email"] and subject == "Đề nghị sửa hoặc gỡ hồ sơ"
    assert body.startswith("Mã hồ sơ: (ghi mã ở cuối trang hồ sơ)\n")


def test_nomination_page_and_printable_form_follow_the_model(real: Built) -> None:
    page = (real.site / "gioi-thieu-dien-hinh" / "index.html").read_text(encoding="utf-8")
    form = (real.site / "gioi-thieu-dien-hinh" / "phieu" / "index.html").read_text(encoding="utf-8")
    labels = [LABELS[name] for name in NOMINATION_FIELDS]
    rows = re.findall(r'<th scope="row">([^<]+)<small>', form)
    assert rows == labels + ["Người giới thiệu"]
    assert all(f"<strong>{label}</strong>" in page for label in labels)
    _, subject, body = mail_parts(re.search(r'href="(mailto:[^"]+)"', page.split("Viết thư giới thiệu")[0]
                                           .rsplit("<a ", 1)[1])[1])
    assert subject == "Giới thiệu gương người tốt việc tốt"
    assert body.splitlines()[:len(labels)] == [f"{label}: " for label in labels]
    assert '<meta name="robots" content="noindex">' in form
    assert "gioi-thieu-dien-hinh/phieu/" not in (real.site / "sitemap-trang.xml").read_text(encoding="utf-8")


def test_footer_names_the_agency_and_its_contact(real: Built) -> None:
    html = (real.site / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('class="md-copyright sc-footer"'):]
    o = office(real)
    for value in (o["address"], o["phone"], o["email"], "Đề nghị sửa hoặc gỡ hồ sơ",
                  "Giới thiệu gương người tốt việc tốt"):
        assert value in footer


@pytest.mark.browser
def test_the_request_mail_carries_the_id_from_the_profile_link(real: Built, browser, serve_dir) -> None:
    base = serve_dir(real.site)
    page = browser.new_page()
    page.goto(base + "dien-hinh/nguyen-thi-hong-nhung/")
    pid = page.inner_text(".sc-report code")
    page.click("text=Đề nghị sửa hoặc gỡ hồ sơ >> nth=0")
    page.wait_for_url(f"**/de-nghi-sua-go/?ho-so={pid}")
    assert page.inner_text("[data-request-id]") == pid
    to, subject, body = mail_parts(page.get_attribute("[data-request-mail]", "href"))
    assert subject == f"Đề nghị sửa hoặc gỡ hồ sơ {pid}"
    assert body.startswith(f"Mã hồ sơ: {pid}\n")
    assert "Nguyễn" not in unquote(page.get_attribute("[data-request-mail]", "href"))
    page.goto(base + "de-nghi-sua-go/?ho-so=%3Cimg%20src=x%20onerror=alert(1)%3E")
    assert page.is_hidden("[data-request-id-wrap]")  # not an id: ignored, never written in
    assert mail_parts(page.get_attribute("[data-request-mail]", "href"))[1] == "Đề nghị sửa hoặc gỡ hồ sơ"


@pytest.mark.browser
def test_the_nomination_form_prints_on_one_a4_page(real: Built, browser, serve_dir) -> None:
    page = browser.new_page()
    page.goto(serve_dir(real.site) + "gioi-thieu-dien-hinh/phieu/")
    assert page.is_visible("[data-print]")  # the print button shows once the script runs
    page.emulate_media(media="print")
    assert page.is_hidden("[data-print]") and page.is_hidden(".md-header")
    pdf = page.pdf(format="A4")
    boxes = {(round(float(w)), round(float(h))) for w, h in MEDIABOX.findall(pdf)}
    assert boxes and all(abs(w - 595) <= 2 and abs(h - 842) <= 2 for w, h in boxes), boxes
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
