"""Stage: split a list page into pages of PER_PAGE cards, so no page grows with the site.

Page 1 keeps the list's URL ('loai/x/'); page n is '<url>trang-n/' (docs file
'<url>trang-n.md'). Links between the pages of one list are short relative paths between
siblings ('trang-2/', '../', '../trang-3/'), computed here; the page links' text and the
<head> rel=prev/next values are the template's and the theme's (pager.html, main.html).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

PER_PAGE = 60  # cards a page: a 20,000-profile category page stays under 100 KB (DESIGN.md)
WINDOW = 2  # page links shown either side of the current one, besides the first and last

T = TypeVar("T")


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a list: its items, its number (from 1) and where it lives."""

    items: Sequence[T]
    number: int
    total: int  # pages in the list
    count: int  # items in the whole list
    uri: str  # docs file
    url: str  # site URL, relative to the root

    @property
    def first(self) -> int:
        """Position (from 1) of the page's first item in the whole list."""
        return (self.number - 1) * PER_PAGE + 1


def page_count(items: int) -> int:
    """Pages a list of `items` needs: at least one, which says the list is empty."""
    return max(1, -(-items // PER_PAGE))


def page_uris(uri: str, url: str, items: int) -> list[str]:
    """The docs files of a list whose page 1 is `uri` at site URL `url` (a directory URL)."""
    return [uri, *(f"{url}trang-{n}.md" for n in range(2, page_count(items) + 1))]


def paginate(items: Sequence[T], uri: str, url: str) -> list[Slice[T]]:
    """The pages of a list, in the list's own order (the caller sorts)."""
    total = page_count(len(items))
    uris = page_uris(uri, url, len(items))
    return [Slice(items[(n - 1) * PER_PAGE:n * PER_PAGE], n, total, len(items), uris[n - 1],
                  url if n == 1 else f"{url}trang-{n}/") for n in range(1, total + 1)]


def href(current: int, target: int) -> str:
    """Link from page `current` to page `target` of the same list."""
    if current == 1:
        return f"trang-{target}/" if target > 1 else "./"
    return "../" if target == 1 else f"../trang-{target}/"


def shown(number: int, total: int) -> list[int | None]:
    """Page numbers to link, None for a gap: 1 … n-2 n-1 n n+1 n+2 … last. A gap of one
    page shows that page instead: '…' would take the same room and hide it."""
    keep = {1, total, *range(number - WINDOW, number + WINDOW + 1)}
    keep |= {n for n in range(2, total) if n - 1 in keep and n + 1 in keep}
    out: list[int | None] = []
    for n in range(1, total + 1):
        if n in keep:
            out.append(n)
        elif out and out[-1] is not None:
            out.append(None)
    return out


def pager(s: Slice) -> dict | None:
    """Context for pager.html, or None when the list fits on one page."""
    if s.total == 1:
        return None
    link = lambda n: href(s.number, n) if n else None  # noqa: E731
    return {"number": s.number, "total": s.total, "count": s.count, "first": s.first,
            "last": s.first + len(s.items) - 1,
            "prev": link(s.number - 1) if s.number > 1 else None,
            "next": link(s.number + 1) if s.number < s.total else None,
            "pages": [{"n": n, "href": link(n), "current": n == s.number} for n in shown(s.number, s.total)]}


def head_links(s: Slice) -> dict[str, str | None]:
    """Page meta for <link rel="prev|next"> in <head> (theme_overrides/main.html)."""
    return {"rel_prev": href(s.number, s.number - 1) if s.number > 1 else None,
            "rel_next": href(s.number, s.number + 1) if s.number < s.total else None}


def titled(title: str, s: Slice) -> str:
    """Pages after the first say which page they are, in the tab and the heading."""
    return title if s.number == 1 else f"{title} (trang {s.number})"
