"""The content model: one declarative schema per content type, and the typed records.

No I/O here. Each field is one line: its kind, whether it is required, and a
Vietnamese description that also feeds the JSON Schema editors see in VS Code.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Kind = Literal["str", "text", "markdown", "int", "date", "quarter", "bool", "vocab", "ref",
               "list", "object", "slug", "path"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    description: str
    required: bool = False
    vocab: str | None = None  # vocab name or ref target ("units", "movements")
    items: "Field | None" = None  # for lists
    fields: tuple["Field", ...] = ()  # for objects
    max_len: int | None = None
    example: str | None = None
    pattern: str | None = None


def F(name: str, kind: Kind, description: str, **kw) -> Field:  # noqa: N802 - reads like a table
    return Field(name, kind, description, **kw)


AWARD = (
    F("name", "vocab", "Tên danh hiệu thi đua hoặc hình thức khen thưởng, đúng như trong danh mục "
      "exemplars/vocab/awards.yaml.", required=True, vocab="awards",
      example="Bằng khen của Chủ tịch UBND tỉnh"),
    F("year", "int", "Năm được khen thưởng.", example="2020"),
    F("decision", "str", "Số quyết định khen thưởng.", example="1234/QĐ-UBND", max_len=60),
    F("date", "date", "Ngày ký quyết định (dd/mm/yyyy).", example="15/12/2020"),
    F("issuer", "str", "Cơ quan hoặc người ký quyết định.", example="UBND tỉnh Đồng Nai", max_len=120),
)

PHOTO = (
    F("file", "path", "Tên tệp ảnh đặt cùng thư mục với hồ sơ (JPEG, PNG hoặc WebP).",
      required=True, example="anh-chan-dung.jpg"),
    F("alt", "str", "Mô tả ngắn nội dung ảnh cho người khiếm thị (bắt buộc).", required=True,
      max_len=200, example="Bà Nhung bên vườn bưởi của gia đình"),
    F("credit", "str", "Người chụp hoặc nguồn ảnh.", max_len=120, example="Phòng Nội vụ huyện"),
    F("person", "bool", "Ảnh có người (true) hay chỉ cảnh vật (false). Ảnh có người cần sự đồng ý "
      "công bố ảnh.", example="true"),
)

CONSENT = (
    F("by", "str", "Người đồng ý công bố: chính người được giới thiệu, hoặc cha mẹ/người giám hộ, "
      "hoặc người đại diện tập thể.", required=True, max_len=120, example="Nguyễn Thị Hồng Nhung"),
    F("relation", "vocab", "Quan hệ của người đồng ý với người được giới thiệu.",
      vocab="consent_relations", example="bản thân"),
    F("date", "date", "Ngày đồng ý (dd/mm/yyyy).", required=True, example="02/04/2021"),
    F("scope", "list", "Phạm vi đồng ý: 'văn bản' (tên và thành tích) và/hoặc 'ảnh'.",
      required=True, items=F("scope", "vocab", "Phạm vi", vocab="consent_scopes"),
      example="[văn bản, ảnh]"),
    F("child", "bool", "Người dưới 16 tuổi: chính em cũng đồng ý (bắt buộc từ đủ 7 tuổi, cùng cha "
      "mẹ hoặc người giám hộ ghi ở by). Im lặng không phải là đồng ý.", example="có"),
    F("withdrawn", "date", "Ngày rút lại sự đồng ý, nếu có. Khi rút, hồ sơ phải chuyển sang "
      "status: withdrawn.", example="01/03/2026"),
)

EXEMPLAR = (
    F("id", "slug", "Mã hồ sơ cố định, không bao giờ đổi (chữ thường, số, gạch nối).",
      required=True, example="dh-2021-xd-01", pattern=r"^[a-z0-9][a-z0-9-]{2,63}$"),
    F("status", "vocab", "Trạng thái: nháp (draft), công bố (published) hoặc đã rút (withdrawn).",
      required=True, vocab="statuses", example="published"),
    F("sample", "bool", "true nếu đây là hồ sơ MẪU hư cấu (không đưa lên trang chính thức).",
      example="false"),
    F("name", "str", "Họ tên cá nhân, tên hộ gia đình hoặc tên tập thể.", required=True,
      max_len=150, example="Nguyễn Thị Hồng Nhung"),
    F("slug", "slug", "Đường dẫn trên trang (chữ không dấu, gạch nối); trùng với tên tệp.",
      example="nguyen-thi-hong-nhung", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    F("aliases", "list", "Các đường dẫn cũ (khi đã sửa tên) để liên kết cũ vẫn hoạt động.",
      items=F("alias", "slug", "Đường dẫn cũ", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
      example="[nguyen-thi-hong-nhunh]"),
    F("subject", "vocab", "Đối tượng: cá nhân, tập thể hoặc hộ gia đình.", required=True,
      vocab="subjects", example="cá nhân"),
    F("category", "vocab", "Loại điển hình: điển hình tiên tiến, gương người tốt việc tốt, "
      "mô hình mới, nhân tố mới.", required=True, vocab="categories", example="điển hình tiên tiến"),
    F("unit", "ref", "Mã đơn vị giới thiệu (trùng tên thư mục chứa tệp), theo exemplars/units.yaml.",
      required=True, vocab="units", example="xuan-duong"),
    F("hamlet", "str", "Ấp, khu phố (không ghi số nhà).", max_len=80, example="ấp Suối Râm"),
    F("fields", "list", "Lĩnh vực: kinh tế, văn hóa, xã hội, quốc phòng, an ninh...",
      required=True, items=F("field", "vocab", "Lĩnh vực", vocab="fields"),
      example="[kinh tế, xã hội]"),
    F("movements", "list", "Mã các phong trào thi đua (tệp trong content/phong-trao/).",
      items=F("movement", "ref", "Phong trào", vocab="movements"),
      example="[nong-thon-moi]"),
    F("quarter", "quarter", "Quý giới thiệu, dạng 2021-Q2 hoặc 'Quý II/2021'.", required=True,
      example="2021-Q2"),
    F("received", "date", "Ngày Phòng Nội vụ nhận hồ sơ (dd/mm/yyyy).", example="05/04/2021"),
    F("role", "str", "Chức vụ, nghề nghiệp hoặc lĩnh vực hoạt động.", max_len=150,
      example="Nông dân trồng bưởi"),
    F("birth_year", "int", "Năm sinh (chỉ ghi năm, không ghi ngày).", example="1978"),
    F("summary", "text", "Trích ngang thành tích: một đến ba câu ngắn.", required=True,
      max_len=400, example="Đi đầu chuyển đổi cây trồng, giúp 12 hộ thoát nghèo."),
    F("story", "markdown", "Bài giới thiệu chi tiết (Markdown).", example="Bà Nhung ...",
      max_len=20000),  # about eight printed pages; the longest sample story is 663 characters
    F("achievements", "list", "Các thành tích nổi bật, mỗi dòng một ý.",
      items=F("achievement", "text", "Thành tích", max_len=300),
      example="[Hiến 200 m² đất làm đường]"),
    F("awards", "list", "Danh hiệu thi đua và hình thức khen thưởng đã nhận.",
      items=F("award", "object", "Một khen thưởng", fields=AWARD)),
    F("photos", "list", "Ảnh đặt cùng thư mục với hồ sơ.",
      items=F("photo", "object", "Một ảnh", fields=PHOTO)),
    F("consent", "object", "Sự đồng ý công bố thông tin (bắt buộc với cá nhân và hộ gia đình).",
      fields=CONSENT),
    F("withdrawn", "date", "Ngày rút hồ sơ khỏi trang (khi status: withdrawn).",
      example="01/03/2026"),
    F("sources", "list", "Nguồn thông tin (văn bản, bài báo).",
      items=F("source", "str", "Nguồn", max_len=300), example="[Báo cáo số 12/BC-UBND]"),
    F("removed_photos", "list", "Hồ sơ đã rút: mã sha256 các ảnh đã xóa, để ảnh đó không được đăng "
      "lại dưới tên tệp khác. 'showcase check' in sẵn dòng cần chép.",
      items=F("photo_hash", "str", "Mã sha256 của một ảnh đã xóa (64 chữ số hex)", max_len=64),
      example="[9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08]"),
)

# What a withdrawn profile may still hold: a tombstone.
TOMBSTONE_KEYS = frozenset({"id", "status", "withdrawn", "slug", "aliases", "unit", "quarter",
                            "sample", "removed_photos"})

UNIT = (
    F("id", "slug", "Mã đơn vị cố định (không suy ra từ tên).", required=True,
      pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", example="xuan-duong"),
    F("name", "str", "Tên đơn vị.", required=True, example="Xã Xuân Đường"),
    F("kind", "vocab", "Loại đơn vị.", required=True, vocab="unit_kinds", example="xã"),
    F("parent", "str", "Cấp trên trực tiếp.", example="huyện Cẩm Mỹ"),
    F("valid_from", "date", "Ngày bắt đầu tồn tại.", example="01/01/2004"),
    F("valid_to", "date", "Ngày cuối cùng tồn tại (để trống nếu còn).", example="30/06/2025"),
    F("successor", "list", "Mã các đơn vị kế thừa.", items=F("successor", "ref", "Đơn vị kế thừa",
      vocab="units")),
    F("reports_to", "str", "Nơi đơn vị gửi điển hình mỗi quý.", example="Phòng Nội vụ huyện"),
    F("expected", "bool", "Có phải giới thiệu 1-2 điển hình mỗi quý không.", example="true"),
    F("source", "str", "Căn cứ thay đổi (số văn bản).", max_len=300),
    F("verified", "bool", "Đã đối chiếu với văn bản gốc chưa.", example="false"),
    F("outside", "str", "Phần địa bàn nằm ngoài huyện cũ đã sáp nhập vào đơn vị này (trang đơn vị "
      "ghi rõ).", max_len=200, example="các xã Bảo Hòa, Xuân Định (huyện Xuân Lộc cũ)"),
    F("note", "str", "Ghi chú nội bộ (không hiện trên trang).", max_len=500),
)

MOVEMENT = (
    F("id", "slug", "Mã phong trào (trùng tên tệp).", required=True,
      pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", example="nong-thon-moi"),
    F("title", "str", "Tên phong trào.", required=True, example="Toàn tỉnh chung sức xây dựng nông thôn mới"),
    F("kind", "vocab", "phong trào hoặc sự kiện.", vocab="movement_kinds", example="phong trào"),
    F("level", "vocab", "Cấp phát động.", vocab="levels", example="tỉnh"),
    F("launched_by", "str", "Cơ quan phát động.", example="UBND tỉnh Đồng Nai"),
    F("period", "str", "Thời gian thực hiện.", example="2021-2025"),
    F("date", "date", "Ngày diễn ra (với sự kiện).", example="11/06/2021"),
    F("basis", "list", "Văn bản căn cứ.", items=F("document", "str", "Văn bản", max_len=300)),
    F("description", "text", "Một câu giới thiệu.", max_len=400),
)

PAGE = (
    F("title", "str", "Tiêu đề trang.", example="Giới thiệu"),
    F("description", "text", "Mô tả ngắn cho công cụ tìm kiếm và khi chia sẻ.", max_len=300),
    F("date", "date", "Ngày đăng (bài hoạt động).", example="11/06/2021"),
    F("exemplars", "list", "Mã các điển hình được nhắc tới.",
      items=F("exemplar", "ref", "Điển hình", vocab="exemplars")),
    F("sample", "bool", "true nếu là bài MẪU hư cấu (không đưa lên trang chính thức).",
      example="false"),
)


# ---- typed records produced by validation ---------------------------------------------

@dataclass(frozen=True, slots=True)
class Award:
    name: str
    year: int | None = None
    decision: str = ""
    date: dt.date | None = None
    issuer: str = ""


@dataclass(frozen=True, slots=True)
class Photo:
    file: str  # path relative to the site root
    alt: str
    credit: str = ""
    person: bool = True


@dataclass(frozen=True, slots=True)
class Consent:
    by: str
    date: dt.date
    scope: tuple[str, ...]
    relation: str = ""
    withdrawn: dt.date | None = None
    child: bool | None = None  # a minor's own consent, besides the parent's (by)

    @property
    def photos(self) -> bool:
        return "anh" in self.scope


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    kind: str
    parent: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: tuple[str, ...] = ()
    reports_to: str = ""
    expected: bool = True
    source: str = ""
    verified: bool = True
    outside: str = ""  # part of a successor outside the former district (Xuân Định 2025)
    note: str = ""

    def existed_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and \
            (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Movement:
    id: str
    title: str
    source: str  # path of the Markdown page, relative to the root
    kind: str = "phong-trao"
    level: str = ""
    launched_by: str = ""
    period: str = ""
    date: dt.date | None = None
    basis: tuple[str, ...] = ()
    description: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class Exemplar:
    id: str
    status: str
    name: str
    slug: str
    subject: str
    category: str
    unit: str
    fields: tuple[str, ...]
    quarter: tuple[int, int]
    summary: str
    source: str  # path of the YAML file, relative to the root
    sample: bool = False
    aliases: tuple[str, ...] = ()
    hamlet: str = ""
    movements: tuple[str, ...] = ()
    received: dt.date | None = None
    role: str = ""
    birth_year: int | None = None
    story: str = ""
    achievements: tuple[str, ...] = ()
    awards: tuple[Award, ...] = ()
    photos: tuple[Photo, ...] = ()
    consent: Consent | None = None
    withdrawn: dt.date | None = None
    sources: tuple[str, ...] = ()
    removed_photos: tuple[str, ...] = ()  # a tombstone's deleted photos, by sha256

    @property
    def year(self) -> int:
        return self.quarter[0]

    @property
    def published(self) -> bool:
        return self.status == "published"


# Short Vietnamese label of each field, for the editors' form, the spreadsheet template and the
# printable nomination form; the descriptions above become their hints.
LABELS: dict[str, str] = {
    "id": "Mã hồ sơ", "status": "Trạng thái", "sample": "Hồ sơ mẫu (hư cấu)", "name": "Họ tên / tên tập thể",
    "slug": "Đường dẫn", "aliases": "Đường dẫn cũ", "subject": "Đối tượng", "category": "Loại điển hình",
    "unit": "Đơn vị giới thiệu", "hamlet": "Ấp, khu phố", "fields": "Lĩnh vực", "movements": "Phong trào",
    "quarter": "Quý giới thiệu", "received": "Ngày nhận hồ sơ", "role": "Chức vụ, nghề nghiệp",
    "birth_year": "Năm sinh", "summary": "Trích ngang thành tích", "story": "Bài giới thiệu",
    "achievements": "Thành tích nổi bật", "awards": "Khen thưởng", "photos": "Ảnh",
    "consent": "Sự đồng ý công bố", "withdrawn": "Ngày rút", "sources": "Nguồn thông tin",
    "removed_photos": "Ảnh đã xóa (hồ sơ đã rút)",
    # inside awards, photos, consent
    "year": "Năm", "decision": "Số quyết định", "date": "Ngày", "issuer": "Cơ quan ký",
    "file": "Tệp ảnh", "alt": "Mô tả ảnh", "credit": "Người chụp / nguồn", "person": "Ảnh có người",
    "by": "Người đồng ý", "relation": "Quan hệ", "scope": "Phạm vi đồng ý",
    "child": "Trẻ em cũng đồng ý",
}
