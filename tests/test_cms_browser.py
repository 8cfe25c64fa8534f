"""The editors' form end to end: real Chromium, real Decap CMS, real decap-server on a real tree.

An editor opens /quan-tri/, creates an individual's profile with a photo and consent, saves;
the YAML and the photo land in the unit's folder, pass `showcase check --strict` unchanged,
and the next build shows the profile. A phone number in the story is refused before saving
with the check's own words. Screenshots go to tests/artifacts/screenshots/ (git-ignored).
"""
from __future__ import annotations

import io
import re
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, free_port

pytestmark = pytest.mark.browser

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
UNIT = "cam-my-2025"  # a unit that exists now: new profiles may be created there
NAME = "Trần Thị Thu Hà"


def ensure_npm_packages() -> Path:
    """node_modules/ from package-lock.json (`npm ci`), as `make test` does on a fresh clone."""
    if not (ROOT / "node_modules" / "decap-server" / "dist" / "index.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI") == "true":
                pytest.fail("npm is missing under CI=true: the form's test must run (apt-get install nodejs npm)")
            pytest.skip("no npm on this machine")
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-2000:]
    return ROOT / "node_modules"


@pytest.fixture
def cms(site_tree, tmp_path, monkeypatch, serve_dir):
    """A sample tree, its built site served on localhost, and decap-server writing into the tree."""
    modules = ensure_npm_packages()
    root = site_tree(samples=True)
    port = free_port()
    monkeypatch.setenv("SHOWCASE_CMS_PORT", str(port))
    from showcase.publish.build import build_site
    site = build_site(root, strict=True, site_dir=tmp_path / "site", quiet=True)
    log = (tmp_path / "decap-server.log").open("w")
    server = subprocess.Popen(["node", str(modules / "decap-server" / "dist" / "index.js")], cwd=root,
                              stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1",
                                   "MODE": "fs", "GIT_REPO_DIRECTORY": str(root)})
    _wait_port(port)
    # Decap only talks to its local backend from a page served on "localhost".
    base = serve_dir(site).replace("127.0.0.1", "localhost")
    try:
        yield root, site, base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _wait_port(port: int, seconds: float = 20) -> None:
    import socket
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"decap-server did not listen on {port}")


def _shot(page, name: str) -> None:
    """A PNG, and a small WebP of it for the editors' guide (content/huong-dan/ takes rasters)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    png = SHOTS / f"{name}.png"
    page.screenshot(path=str(png))
    with Image.open(png) as im:
        im.convert("RGB").resize((800, round(im.height * 800 / im.width))).save(
            SHOTS / f"{name}.webp", "WEBP", quality=70)


def _select(page, field: str, *labels: str) -> None:
    """Decap's selects are react-select: type the label, Enter picks it."""
    box = page.locator(f'[id^="{field}-field-"]').first
    for label in labels:
        box.click()
        box.type(label)
        page.keyboard.press("Enter")


def _text(page, field: str, value: str, nth: int = 0) -> None:
    page.locator(f'[id^="{field}-field-"]').nth(nth).fill(value)


def _photo_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 120, 60)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _open_new_entry(page, base: str) -> None:
    page.goto(f"{base}quan-tri/")
    page.get_by_role("button", name="Đăng nhập").wait_for()
    _shot(page, "0-dang-nhap")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("text=Xã Cẩm Mỹ")
    _shot(page, "1-danh-sach")
    page.goto(f"{base}quan-tri/#/collections/{UNIT}/new")
    page.wait_for_selector('[id^="name-field-"]')


def _fill_profile(page, tmp_path: Path) -> None:
    _text(page, "name", NAME)
    _select(page, "subject", "Cá nhân")
    _select(page, "category", "Điển hình tiên tiến")
    _text(page, "hamlet", "ấp Bình Hòa")
    _select(page, "fields", "Kinh tế", "Xã hội")
    _select(page, "quarter", "Quý IV/2025")
    _text(page, "role", "Chủ tổ hợp tác rau sạch")
    _text(page, "summary", "Vận động 20 hộ cùng trồng rau theo hướng an toàn.")
    _story(page, "Chị Hà hướng dẫn bà con làm phân hữu cơ.")
    _add_photo(page, tmp_path)
    _text(page, "by", NAME)
    _select(page, "relation", "Bản thân")
    page.locator('[id^="date-field-"]').last.fill("2025-10-02")
    _select(page, "scope", "Văn bản", "Ảnh")


def _story(page, text: str) -> None:
    editor = page.locator('[id^="story-field-"] [contenteditable="true"], [data-slate-editor="true"]').first
    editor.click()
    page.keyboard.type(text)


def _add_photo(page, tmp_path: Path) -> None:
    photo = tmp_path / "chi-ha-vuon-rau.jpg"
    photo.write_bytes(_photo_bytes())
    page.get_by_role("button", name="Add ảnh", exact=True).click()  # Decap's vi locale leaves "Add" English
    page.locator("button", has_text="Chọn một hình").first.click()
    page.locator('input[type="file"]').set_input_files(str(photo))
    page.locator("button", has_text="Lấy những cái đã chọn").click()
    _text(page, "alt", "Chị Hà bên luống rau của tổ hợp tác")


def _publish(page) -> float:
    """Click "Công bố ngay"; returns when the click was made (monotonic clock)."""
    page.get_by_text("Công bố", exact=True).first.click()  # a dropdown, not a <button>
    item = page.get_by_text("Công bố ngay", exact=True)
    clicked = time.monotonic()
    item.click()
    return clicked


def _wait_file(folder: Path, pattern: str, seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no {pattern} in {folder}")


def _page(browser, offsite: list[str], loaded: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.on("dialog", lambda d: d.accept())

    def seen(request) -> None:
        url = request.url
        if not url.startswith(("http://localhost", "data:", "blob:")):
            offsite.append(url)
        elif url.endswith(".js"):
            loaded.append(url.rsplit("/", 1)[1])
    page.on("request", seen)
    return page


def _gzip_kb(folder: Path, names: list[str]) -> float:
    import gzip
    return sum(len(gzip.compress((folder / n).read_bytes(), 6)) for n in set(names)) / 1024


def test_editor_creates_a_profile_through_the_form(cms, browser, tmp_path) -> None:
    root, site, base = cms
    offsite: list[str] = []
    loaded: list[str] = []
    page = _page(browser, offsite, loaded)
    _open_new_entry(page, base)
    _shot(page, "2-bieu-mau-moi")
    _fill_profile(page, tmp_path)
    page.locator('[id^="alt-field-"]').scroll_into_view_if_needed()
    _shot(page, "3-anh-va-dong-y")
    clicked = _publish(page)
    profile = _wait_file(root / "exemplars" / UNIT, "tran-thi-thu-ha.yaml")
    saved_after = time.monotonic() - clicked
    photo = root / "exemplars" / UNIT / "chi-ha-vuon-rau.jpg"
    _shot(page, "4-da-luu")
    print(f"\nadmin JS: {len(set(loaded))} files, {_gzip_kb(site / 'quan-tri', loaded):.0f} KB gzipped; "
          f"save to file: {saved_after:.2f} s")
    assert offsite == []  # nothing off the site: Decap and its chunks are served from /quan-tri/
    with Image.open(photo) as im:
        assert im.size == (640, 480)
    new_id = profile.read_text(encoding="utf-8").splitlines()[0].removeprefix("id: ")
    assert re.fullmatch(r"dh-20\d\d-[0-9a-f]{6}", new_id)
    assert profile.read_text(encoding="utf-8") == EXPECTED.format(id=new_id)
    _check_strict(root)
    _publish_as_reviewer(page, base)
    deadline = time.monotonic() + 30
    while "status: published" not in (text := profile.read_text(encoding="utf-8")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert text == EXPECTED.format(id=new_id).replace("status: draft", "status: published")
    _check_strict(root)
    from showcase.publish.build import build_site
    built = build_site(root, strict=True, site_dir=tmp_path / "site-after", quiet=True)
    html = (built / "dien-hinh" / "tran-thi-thu-ha" / "index.html").read_text(encoding="utf-8")
    assert NAME in html and "Chị Hà bên luống rau của tổ hợp tác" in html


EXPECTED = """id: {id}
status: draft
name: Trần Thị Thu Hà
subject: Cá nhân
category: Điển hình tiên tiến
unit: cam-my-2025
hamlet: ấp Bình Hòa
fields:
  - Kinh tế
  - Xã hội
quarter: 2025-Q4
role: Chủ tổ hợp tác rau sạch
summary: Vận động 20 hộ cùng trồng rau theo hướng an toàn.
story: Chị Hà hướng dẫn bà con làm phân hữu cơ.
photos:
  - file: chi-ha-vuon-rau.jpg
    alt: Chị Hà bên luống rau của tổ hợp tác
    person: true
consent:
  by: Trần Thị Thu Hà
  relation: Bản thân
  date: 02/10/2025
  scope:
    - Văn bản
    - Ảnh
"""


def _check_strict(root: Path) -> None:
    check = subprocess.run([sys.executable, "-m", "showcase.cli.main", "--root", str(root), "check",
                            "--strict"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def _publish_as_reviewer(page, base: str) -> None:
    """Phòng Nội vụ opens the saved entry, sets "Công bố" and saves: the id must not change."""
    page.goto(f"{base}quan-tri/#/collections/{UNIT}/entries/tran-thi-thu-ha")
    page.wait_for_selector('[id^="name-field-"]')
    _select(page, "status", "Công bố")
    page.get_by_text("Công bố", exact=True).first.click()
    page.get_by_text("Công bố ngay", exact=True).click()


def test_phone_number_in_the_story_is_refused_before_saving(cms, browser) -> None:
    root, site, base = cms
    page = _page(browser, [], [])
    _open_new_entry(page, base)
    _text(page, "name", NAME)
    _story(page, "Liên hệ chị Hà qua số 0912 345 678.")
    page.get_by_text("Công bố", exact=True).first.click()
    page.get_by_text("Công bố ngay", exact=True).click()
    errors = page.locator('[class*="ControlErrorsList"]')
    errors.first.wait_for()
    _shot(page, "5-so-dien-thoai-bi-tu-choi")
    assert ("Bài giới thiệu không khớp với mẫu: story: nội dung có số điện thoại hoặc có dãy 9 hoặc 12 chữ số giống số CMND/CCCD. "
            "Hãy xóa thông tin này trước khi công bố.") in errors.all_text_contents()
    assert not (root / "exemplars" / UNIT / "tran-thi-thu-ha.yaml").exists()


def test_published_form_offers_github_sign_in_and_breaks_no_csp_rule(browser, serve_dir,
                                                                     tmp_path_factory) -> None:
    from test_site_support import built_site
    ensure_npm_packages()
    site = built_site(tmp_path_factory, "real", production=True).site
    offsite: list[str] = []
    page = _page(browser, offsite, [])
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(serve_dir(site).replace("127.0.0.1", "localhost") + "quan-tri/")
    page.get_by_role("button", name="Đăng nhập bằng GitHub").wait_for()
    _shot(page, "0-dang-nhap-github")
    assert offsite == [] and refused == []
