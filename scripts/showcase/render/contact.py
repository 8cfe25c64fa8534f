"""Pages that let a reader answer privately: ask to correct or remove a profile, and nominate someone.

A removal request must never go through a public issue tracker (it needs an account and makes
the request public), so both pages lead to the office's own e-mail, phone and address from
settings (mkdocs.yml `extra.showcase.office`). The pre-filled e-mail carries a profile's id,
never its name: a URL with a person's name ends up in logs and browser histories.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from showcase.catalog import Catalog
from showcase.core.model import EXEMPLAR, LABELS, Field
from showcase.core.outfile import OutFile
from showcase.core.settings import Settings
from showcase.render.pages import REQUEST_URL, front_matter
from showcase.render.templates import render

NOMINATE_URL = "gioi-thieu-dien-hinh/"
FORM_URL = "gioi-thieu-dien-hinh/phieu/"
# What a nomination needs, in the model's order: the fields an editor needs to write the
# profile; the rest (ids, status, photos, sources) is the office's work.
NOMINATION_FIELDS = ("name", "subject", "category", "unit", "hamlet", "role", "birth_year",
                     "fields", "movements", "summary", "achievements", "awards")
# The model's descriptions speak to editors (ids, folders); a citizen reads these instead.
READER_HINTS = {
    "name": "Họ tên người, tên hộ gia đình (ví dụ: hộ ông Nguyễn Văn A) hoặc tên tập thể.",
    "subject": "Cá nhân, hộ gia đình hay tập thể.",
    "category": "Điển hình tiên tiến, gương người tốt việc tốt, mô hình mới hay nhân tố mới (nếu biết).",
    "unit": "Xã, phường hoặc cơ quan, đơn vị nơi người đó sống hoặc làm việc.",
    "hamlet": "Ấp, khu phố (không ghi số nhà).",
    "role": "Nghề nghiệp hoặc công việc.",
    "birth_year": "Năm sinh (chỉ ghi năm).",
    "fields": "Lĩnh vực: kinh tế, văn hóa, xã hội, quốc phòng, an ninh...",
    "movements": "Phong trào thi đua liên quan (nếu biết).",
    "summary": "Việc làm tốt, cách làm hay, trong vài câu.",
    "achievements": "Kết quả cụ thể: số hộ được giúp, số tiền, mét đường, năm tháng...",
    "awards": "Danh hiệu, khen thưởng đã nhận (nếu có): tên, năm, cơ quan khen.",
}


@dataclass(frozen=True)
class Office:
    """The office's public contact; every value from settings, none in code."""

    name: str
    address: str
    phone: str
    email: str
    hours: str
    response_days: str

    @property
    def tel(self) -> str:
        """The number as a tel: URL wants it: digits and a leading +."""
        return re.sub(r"[^\d+]", "", self.phone)

    @classmethod
    def of(cls, settings: Settings) -> "Office":
        get = dict(settings.office).get
        name = " ".join(str(x) for x in (get("name"), get("parent")) if x) or settings.managing_body
        return cls(name=name, address=str(get("address") or ""), phone=str(get("phone") or ""),
                   email=str(get("email") or settings.contact or ""), hours=str(get("hours") or ""),
                   response_days=str(get("response_days") or ""))


def mailto(email: str, subject: str, body: str) -> str:
    """A mailto: URL with subject and body percent-encoded (RFC 6068: spaces as %20, not +)."""
    return f"mailto:{email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def request_mail(office: Office, profile_id: str = "") -> str:
    subject = f"Đề nghị sửa hoặc gỡ hồ sơ {profile_id}".strip()
    body = (f"Mã hồ sơ: {profile_id or '(ghi mã ở cuối trang hồ sơ)'}\n"
            "Tôi là: (chính người được giới thiệu / cha, mẹ, người giám hộ / đại diện đơn vị)\n"
            "Đề nghị: (sửa thông tin / gỡ ảnh / gỡ toàn bộ hồ sơ)\n"
            "Nội dung cần sửa hoặc lý do:\n\n"
            "Cách liên lạc lại với tôi:\n")
    return mailto(office.email, subject, body)


def nomination_mail(office: Office) -> str:
    lines = [f"{LABELS.get(f.name, f.name)}: " for f in nomination_fields()]  # a line each to fill
    body = "\n".join(lines + ["Người giới thiệu (họ tên, đơn vị, cách liên lạc): ",
                              "Người được giới thiệu đã đồng ý công bố chưa: "])
    return mailto(office.email, "Giới thiệu gương người tốt việc tốt", body + "\n")


def nomination_fields() -> list[Field]:
    by_name = {f.name: f for f in EXEMPLAR}
    return [by_name[n] for n in NOMINATION_FIELDS]


def page_uri(url: str) -> str:
    return f"{url}index.md"


def planned_uris() -> list[tuple[str, str | None]]:
    """What render_contact_pages writes (`showcase check` compares it with content/)."""
    return [(page_uri(url), None) for url in (REQUEST_URL, NOMINATE_URL, FORM_URL)]


def render_contact_pages(catalog: Catalog) -> list[OutFile]:
    office = Office.of(catalog.settings)
    fields = [{"label": LABELS.get(f.name, f.name), "hint": READER_HINTS[f.name],
               "lines": 3 if f.kind in ("text", "list") else 1} for f in nomination_fields()]
    ctx = {"office": office, "days": office.response_days, "site": catalog.settings.site_name,
           "fields": fields}
    return [
        _page(REQUEST_URL, "Đề nghị sửa hoặc gỡ hồ sơ",
              "Cách đề nghị sửa thông tin hoặc gỡ hồ sơ điển hình, riêng tư, không cần tài khoản.",
              render("contact.html", catalog.settings.root, mail=request_mail(office), **ctx)),
        _page(NOMINATE_URL, "Giới thiệu gương người tốt việc tốt",
              "Cách giới thiệu một cá nhân, hộ gia đình hoặc tập thể tiêu biểu cho trang.",
              render("nominate.html", catalog.settings.root, mail=nomination_mail(office),
                     form_href="phieu/", **ctx)),
        _page(FORM_URL, "Phiếu giới thiệu điển hình",
              "Phiếu giới thiệu điển hình để in (khổ A4).",
              render("nominate_form.html", catalog.settings.root, **ctx),
              noindex=True),
    ]


def _page(url: str, title: str, description: str, html: str, noindex: bool = False) -> OutFile:
    meta = {"title": title, "description": description, "hide": ["toc", "navigation"]}
    if noindex:
        meta["robots"] = "noindex"
    return OutFile(page_uri(url), front_matter(**meta), html=html)
