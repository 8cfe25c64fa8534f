"""What editors write may not be active or foreign: one policy, checked and enforced.

The policy is data (TAGS, ATTRIBUTES, schemes). `showcase check` reads every Markdown text
(stories, hand-written pages, activity posts, movements) with it and reports each refused
piece at its line; the build runs the check first and, as a second line, cleans every
rendered Markdown page with nh3 under the same policy (`sanitize_html`). Plain text fields
(names, summaries, awards...) are escaped wherever they are rendered; the check still
refuses script-like text and invisible format characters in them.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator

import nh3

from showcase.core.problems import Problems
from showcase.core.settings import load_settings
from showcase.load.documents import Doc

# ---- the policy ---------------------------------------------------------------------------

TAGS = frozenset({
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul"})
_HEADINGS = {f"h{n}": {"id"} for n in range(1, 7)}  # anchors written by Markdown's toc
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "title", "lang"},
    "a": {"href"}, "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan", "style"}, "td": {"colspan", "rowspan", "style"},
    "ol": {"start"}, "details": {"open"}, **_HEADINGS}
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align columns with style=
LINK_SCHEMES = frozenset({"http", "https", "mailto"})  # and tel: for the office's own number
URL_ATTRIBUTES = frozenset({"href", "src"})
EMBEDS = frozenset({"iframe", "object", "embed", "style", "frame", "frameset", "applet"})
# Zero-width, direction overrides and isolates, the soft hyphen: invisible, they can make
# a name read differently from what is stored (or hide a word from the privacy scan).
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

ADVICE = "Hãy xóa phần mã này; chỉ viết chữ, liên kết và ảnh bằng Markdown."
REMOTE = ("không được dùng ảnh hay tệp từ trang khác ('{url}'): mỗi lần có người xem, trình "
          "duyệt của họ sẽ gửi yêu cầu tới máy chủ đó. Hãy đặt ảnh vào kho, cùng thư mục với tệp "
          "này, và ghi tên tệp, ví dụ ![mô tả ảnh](ten-anh.jpg).")
TEL = ("liên kết 'tel:' chỉ dùng cho số điện thoại liên hệ của cơ quan quản lý ('{url}'). Không "
       "công bố số điện thoại cá nhân; hãy xóa liên kết này.")

Finding = tuple[int, str, str]  # (offset in the text, message after the field name, snippet)


def sanitize_html(text: str, office_tel: str = "") -> str:
    """Every rendered Markdown page and story passes here: nh3 (ammonia) with the policy."""
    return _cleaner(office_tel).clean(text)


@lru_cache(maxsize=4)
def _cleaner(office_tel: str) -> nh3.Cleaner:
    """Built once: a reused Cleaner takes 0.07 ms a story, nh3.clean with options 0.15 ms."""
    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       url_schemes=set(LINK_SCHEMES | {"tel"}), link_rel="noopener noreferrer",
                       filter_style_properties=set(STYLE_PROPERTIES),
                       attribute_filter=lambda tag, attr, value: _keep(tag, attr, value, office_tel))


def _keep(tag: str, attr: str, value: str, office_tel: str) -> str | None:
    if attr in URL_ATTRIBUTES and url_problem(value, tag == "img", office_tel):
        return None
    return value


# ---- URLs -----------------------------------------------------------------------------------

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def clean_url(raw: str) -> str:
    """What a browser reads: entities decoded, tabs and newlines removed, ends trimmed."""
    return re.sub(r"[\t\n\r]", "", html.unescape(raw)).strip("\x00\x01\x02\x03\x04\x05\x06\x07"
                                                             "\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                                             "\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                             "\x1b\x1c\x1d\x1e\x1f ")


def url_problem(raw: str, resource: bool, office_tel: str = "") -> str | None:
    """None if allowed, else why: 'scheme:x', 'remote' or 'tel'. A resource (an image) must be
    a file of the site; a link may also lead to http(s), mailto, and the office's tel."""
    url = clean_url(raw)
    m = _SCHEME.match(url)
    if m is None:
        return "remote" if resource and re.match(r"[/\\]{2}", url) else None
    scheme = m[1].lower()
    if resource:
        return "remote" if scheme in ("http", "https") else f"scheme:{scheme}"
    if scheme == "tel":
        digits = re.sub(r"\D", "", url)
        return None if office_tel and digits == re.sub(r"\D", "", office_tel) else "tel"
    return None if scheme in LINK_SCHEMES else f"scheme:{scheme}"


def _url_finding(offset: int, raw: str, resource: bool, office_tel: str) -> Finding | None:
    why = url_problem(raw, resource, office_tel)
    if why is None:
        return None
    if why == "remote":
        return offset, REMOTE.format(url=clean_url(raw)[:80]), ""
    if why == "tel":
        return offset, TEL.format(url=clean_url(raw)[:40]), ""
    scheme = why.split(":", 1)[1]
    return offset, f"không được dùng liên kết '{scheme}:' trong nội dung", _scheme_text(raw, scheme)


def _scheme_text(raw: str, scheme: str) -> str:
    """The source text that reads as 'scheme:' (as written: 'JaVaScRiPt:', 'java&#x09;script&#58;')."""
    for end in range(len(scheme) + 1, len(raw) + 1):
        if clean_url(raw[:end]).lower() == scheme + ":":
            return raw[:end + 1] if raw[end:end + 1] == ";" else raw[:end]
    return raw[:len(scheme) + 1]


# ---- Markdown and HTML --------------------------------------------------------------------

_FENCE = re.compile(r"(?ms)^[ ]{0,3}(`{3,}|~{3,}).*?(?:^[ ]{0,3}\1[ \t]*$|\Z)")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]*)>")
_INLINE_URL = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)")
_REF_DEF = re.compile(r"(?m)^[ ]{0,3}\[([^\]]+)\]:[ \t]*(<[^>\n]*>|\S+)")
_REF_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n]*)\}")
_ATTR_PAIR = re.compile(r"""([^\s=#.{}]+)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)""")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m[0])


def mask_code(text: str) -> str:
    """Code blocks and spans show their text as text: blank them (same offsets) before looking."""
    return _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, text))


def find_refused(text: str, office_tel: str = "") -> list[Finding]:
    """Every refused tag, attribute and URL of a Markdown text, by offset."""
    if "<" not in text and ":" not in text and "{" not in text and "&" not in text:
        return []  # the common case: plain prose
    masked = mask_code(text)
    found: list[Finding] = []
    for m in _AUTOLINK.finditer(masked):  # <https://…> is a link; <javascript:…> is not
        found += filter(None, [_url_finding(m.start(1), m[1], False, office_tel)])
    found += _TagScanner(_AUTOLINK.sub(_blank, masked), office_tel).scan()
    found += _markdown_urls(masked, office_tel)
    found += _attr_lists(masked, office_tel)
    return sorted(set(found))


def _markdown_urls(text: str, office_tel: str) -> Iterator[Finding]:
    images = {(m[2] or m[1]).lower() for m in _REF_IMAGE.finditer(text) if not
              text.startswith("(", m.end())}
    for m in _INLINE_URL.finditer(text):
        raw = _MD_ESCAPE.sub(r"\1", m[2].strip("<>"))
        if f := _url_finding(m.start(2) + (m[2][:1] == "<"), raw, m[1] == "!", office_tel):
            yield f
    for m in _REF_DEF.finditer(text):
        raw = _MD_ESCAPE.sub(r"\1", m[2].strip("<>"))
        if f := _url_finding(m.start(2), raw, m[1].lower() in images, office_tel):
            yield f


def _attr_lists(text: str, office_tel: str) -> Iterator[Finding]:
    """Markdown's attr_list ('{: onclick=… }') writes attributes too."""
    for m in _ATTR_LIST.finditer(text):
        for pair in _ATTR_PAIR.finditer(m[1]):
            name, value = pair[1].lower(), pair[2].strip("\"'")
            at = m.start(1) + pair.start()
            value_at = m.start(1) + pair.start(2) + (pair[2][:1] in "\"'")
            if f := _attribute_finding("img" if name == "src" else "a", name, value, at,
                                       pair[1], office_tel, value_at):
                yield f


def _attribute_finding(tag: str, name: str, value: str, at: int, written: str,
                       office_tel: str, value_at: int) -> Finding | None:
    """`value` as written in the source (entities not yet decoded), found at `value_at`."""
    if name.startswith("on"):
        return at, "không được dùng thuộc tính sự kiện (onclick, onerror...) trong nội dung", f"{written}="
    if name == "style":
        if re.search(r"url\s*\(|expression\s*\(|@import|\\", html.unescape(value), re.I):
            return at, "không được dùng thuộc tính style có url(…) hay @import trong nội dung", f"{written}="
        props = {p.split(":")[0].strip().lower() for p in value.split(";") if p.strip()}
        if tag in ("td", "th") and props <= STYLE_PROPERTIES:
            return None
        return at, "không được dùng thuộc tính 'style' trong nội dung", f"{written}="
    if name in URL_ATTRIBUTES and name in ATTRIBUTES.get(tag, set()):
        return _url_finding(value_at, value, tag == "img", office_tel)
    if name not in ATTRIBUTES["*"] and name not in ATTRIBUTES.get(tag, set()) and name not in (
            "id", "width", "height", "alt"):
        return at, f"không được dùng thuộc tính '{name}' trong nội dung", f"{written}="
    return None


# An attribute as written in a start tag: name, then a double-, single- or unquoted value.
_RAW_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


class _TagScanner(HTMLParser):
    """Raw HTML in Markdown, read as a browser would (entities decoded), with offsets."""

    def __init__(self, text: str, office_tel: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.office_tel = text, office_tel
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[Finding] = []

    def scan(self) -> list[Finding]:
        # A tag left open at the end still becomes one in the browser ('<script src=x</p>'
        # once Markdown wraps it); the parser would keep it as pending text: close it.
        self.feed(self.text + ">")
        self.close()
        return self.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        at = self.starts[line - 1] + col
        raw = self.get_starttag_text() or ""
        if tag not in TAGS:  # its attributes do not matter: the whole tag goes
            what = ("thẻ nhúng (<iframe>, <object>, <style>)" if tag in EMBEDS else f"thẻ <{tag}>")
            self.found.append((at, f"không được dùng {what} trong nội dung", raw[:len(tag) + 1]))
            return
        for m in _RAW_ATTR.finditer(raw, len(tag) + 1):
            name = m[1].lower()
            value = next((v for v in (m[2], m[3], m[4]) if v is not None), "")
            value_at = at + next((m.start(g) for g in (2, 3, 4) if m[g] is not None), m.end())
            if f := _attribute_finding(tag, name, value, at + m.start(1), m[1], self.office_tel,
                                       value_at):
                self.found.append(f)

    handle_startendtag = handle_starttag


# ---- reporting --------------------------------------------------------------------------------

def office_tel(root: Path) -> str:
    """Settings.office_tel of the site at root, parsed once per content of mkdocs.yml: the check
    asks for it for every Markdown text, and a YAML parse each time cost one a profile."""
    try:
        config = (root / "mkdocs.yml").read_bytes()
    except OSError:  # no mkdocs.yml: no tel: link is the office's
        return ""
    return _office_tel(root, config)


@lru_cache(maxsize=8)
def _office_tel(root: Path, config: bytes) -> str:
    try:
        return load_settings(root).office_tel
    except (OSError, ValueError):
        return ""


def check_markdown(text: str, path: Path | str, mark_of: Callable[[int], tuple[int, int]],
                   problems: Problems, field: str) -> None:
    """Report refused content; `mark_of(offset)` gives the line/column in the source file."""
    for offset, what, snippet in find_refused(text, office_tel(problems.root)):
        quoted = f" ('{snippet}')" if snippet else ""
        advice = f"{quoted}. {ADVICE}" if snippet else ""
        problems.error(path, mark_of(offset), f"{field}: {what}{advice}")
    check_invisible(text, path, mark_of, problems, field)


_PLAIN_ACTIVE = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|base|meta|link|form|svg"
                           r"|math|img|video|audio|frame|frameset|applet)\b"
                           r"|(?<![^\s/\"'<])on[a-z]+\s*=|\b(?:java|vb)script\s*:", re.I)


def check_plain(text: str, path: Path | str, mark_of: Callable[[int], tuple[int, int]],
                problems: Problems, field: str) -> None:
    """A plain text field is escaped wherever it is shown, so '<b>' or '&' are just characters;
    script-like text is still refused, since it can only be an attempt or a paste gone wrong."""
    for m in _PLAIN_ACTIVE.finditer(text):
        problems.error(path, mark_of(m.start()), f"{field}: trường chữ không được chứa mã "
                       f"('{m[0].strip()}'). Hãy viết chữ thường, không có thẻ HTML hay liên kết "
                       "'javascript:'.")
    check_invisible(text, path, mark_of, problems, field)


def check_invisible(text: str, path: Path | str, mark_of: Callable[[int], tuple[int, int]],
                    problems: Problems, field: str) -> None:
    for m in INVISIBLE.finditer(text):
        if m.start() == 0 and m[0] == "\ufeff":
            continue  # a byte-order mark at the very start of a file
        problems.error(path, mark_of(m.start()), f"{field}: có ký tự vô hình U+{ord(m[0]):04X} "
                       "(định dạng, đổi chiều chữ hay gạch nối mềm; thường lẫn vào khi dán từ Word, "
                       "PDF hay tin nhắn): chữ hiện ra có thể khác chữ được lưu. Hãy xóa ký tự "
                       "này: gõ lại đoạn chữ quanh vị trí này.")


def _may_refuse(text: str) -> bool:
    """What check_plain looks for needs '<', '=', 'script' or an invisible character: testing
    those first costs 2 µs a file, the full patterns 240 µs."""
    return "<" in text or "=" in text or "script" in text.lower() or INVISIBLE.search(text) is not None

MARKDOWN_FIELDS = frozenset({"story"})  # checked by check_markdown where they are read


def check_doc(doc: Doc, problems: Problems) -> None:
    """Every plain text value of a YAML document or a page's front matter."""
    if doc.lines and not _may_refuse("\n".join(doc.lines)):
        return  # the whole source at once: the common case walks no value
    for at, value in _strings(doc.data, ()):
        if not _may_refuse(value):
            continue
        name = next((k for k in reversed(at) if isinstance(k, str)), "")
        if name in MARKDOWN_FIELDS:
            continue
        field = ".".join(str(k) if isinstance(k, str) else f"[{k + 1}]" for k in at).replace(".[", "[")
        check_plain(value, doc.path, lambda off, at=at, value=value: doc.inner_mark(at, value, off),
                    problems, field)


def _strings(data: Any, at: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, (*at, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, (*at, i))
    elif isinstance(data, str):
        yield at, data


def body_marks(text: str, first_line: int) -> Callable[[int], tuple[int, int]]:
    """Offsets of a Markdown body that starts at `first_line` of its file."""
    return lambda off: (first_line + text.count("\n", 0, off), off - text.rfind("\n", 0, off))
