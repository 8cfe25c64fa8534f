"""Stage: the catalogue → Markdown pages for MkDocs (profiles, sections, indexes).

Page bodies are mostly HTML rendered here with Jinja fragments from
theme_overrides/showcase/, so MkDocs' Markdown pass over 10,000 profiles is cheap.
All links are relative, so the site works from a sub-path as well as the root.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Callable, Hashable, Iterable
from urllib.parse import quote

from markupsafe import Markup

from showcase.render.cards import share_description
from showcase.catalog import PROFILE_DIR, Catalog, PageSource, profile_url
from showcase.render.images import PhotoMap, picture_html
from showcase.render import memo
from showcase.render.memo import Frozen, Memo
from showcase.render.paging import Slice, head_links, page_uris, paginate, pager, titled
from showcase.core.clock import today
from showcase.core.lists import false_at, same_places
from showcase.core.model import Exemplar, Unit
from showcase.core.outfile import OutFile
from showcase.render.periods import current_movement, reorganised_on, span
from showcase.render.placeholders import colour_class, initials
from showcase.render.stories import STORIES, story_key
from showcase.render.templates import environment, render, shorten
from showcase.core.vi import format_date, format_quarter, name_sort_key, text_sort_key, toc_slugify

RELATED = 4
_ID = attrgetter("id")
# Memos of the latest run (render/memo.py), for `showcase serve`'s re-runs: a profile page,
# one card at a depth of page, and a page of a list, each keyed by everything it reads.
_PROFILES: Memo[OutFile] = Memo("profile pages")
_CARDS: Memo[Markup] = Memo("cards")
_LIST_PAGES: Memo[OutFile] = Memo("list pages")
_RELATED: Memo[dict] = Memo("related profiles")
_FROZEN: list[dict[str, Frozen]] = [{}, {}]  # exemplar keys: the last run's, this run's
memo.clear_hooks.append(lambda: (_FROZEN.__setitem__(slice(None), [{}, {}]), _CARD_IDS.clear()))
LATEST = 6
# The units page: communes first, then agencies, then mass organisations (unit_kinds ids).
UNIT_GROUPS = (("Xã, phường, thị trấn", ("xa", "phuong", "thi-tran")),
               ("Cơ quan, phòng, ban", None),  # every kind not named in another group
               ("Mặt trận và đoàn thể", ("doan-the",)))


# The private way to ask for a correction or removal (render/contact.py writes the page).
REQUEST_URL = "de-nghi-sua-go/"
# The index pages by vocabulary: (vocabulary, folder, title, what an empty list will hold).
INDEXES = (("fields", "linh-vuc", "Lĩnh vực", "Chưa có điển hình nào trong lĩnh vực này."),
           ("categories", "loai", "Loại điển hình", "Chưa có điển hình nào thuộc loại này."))


# ---- the URIs: the renderers below and planned_uris (for `showcase check`) both use these ----

def profile_uri(slug: str) -> str:
    return f"{PROFILE_DIR}/{slug}.md"


def alias_uri(alias: str) -> str:
    return f"{PROFILE_DIR}/{alias}/index.html"


def unit_uris(unit_id: str) -> tuple[str, str]:
    """The unit's page and its A–Z twin."""
    return f"don-vi/{unit_id}/index.md", f"don-vi/{unit_id}/a-z.md"


def movement_uri(movement_id: str) -> str:
    return f"phong-trao/{movement_id}.md"


def term_uri(folder: str, term: str) -> str:
    """A field's or category's list (folder from INDEXES)."""
    return f"{folder}/{term}.md"


def year_uri(year: int) -> str:
    return f"nam/{year}.md"


def activity_posts(catalog: Catalog) -> list[PageSource]:
    """Hand-written posts under content/hoat-dong/, newest path first."""
    return sorted((p for p in catalog.pages if p.path.startswith("content/hoat-dong/")
                   and not p.path.endswith("index.md")), key=lambda p: p.path, reverse=True)


def planned_uris(c: Catalog) -> list[tuple[str, str | None]]:
    """(uri, edit path) of every page render_pages writes, from the catalogue alone: the same
    collections, URI functions and page counts (render/paging), no template rendered
    (tests/test_planned_uris.py compares it with the render)."""
    def listed(uri: str, n: int, edit: str | None = None) -> list[tuple[str, str | None]]:
        return [(u, edit) for u in page_uris(uri, url_of(uri), n)]

    out: list[tuple[str, str | None]] = [("index.md", "content/index.md")]
    out += [(profile_uri(e.slug), e.source) for e in c.exemplars]
    out += [(alias_uri(a), None) for e in c.exemplars for a in e.aliases]
    out += [(profile_uri(t.slug), None) for t in c.tombstones]
    out.append(("don-vi/index.md", None))
    groups = Pages(c, PhotoMap())  # groups by unit once: Catalog.by_unit scans every exemplar
    for unit in c.units.values():
        n = len(groups.by_unit(unit.id))
        out += [p for u in unit_uris(unit.id) for p in listed(u, n)]
    out += [p for m in c.movements.values() for p in listed(movement_uri(m.id), len(c.by_movement(m.id)), m.source)]
    out.append(("phong-trao/index.md", None))
    counts = {"fields": Counter(f for e in c.exemplars for f in set(e.fields)),
              "categories": Counter(e.category for e in c.exemplars)}
    for vocab, folder, _, _ in INDEXES:
        out += [p for term in c.vocabs[vocab].labels for p in listed(term_uri(folder, term), counts[vocab][term])]
        out.append((f"{folder}/index.md", None))
    years = Counter(e.year for e in c.exemplars)
    out += [p for y in sorted(years) for p in listed(year_uri(y), years[y])] + [("nam/index.md", None)]
    out += [(p.path[len("content/"):], p.path) for p in activity_posts(c)] + [("hoat-dong/index.md", None)]
    return out


def url_of(uri: str) -> str:
    """Directory URL of a docs file: 'a/b.md' → 'a/b/', 'a/index.md' → 'a/'."""
    stem = uri[:-3] if uri.endswith(".md") else uri
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs (both relative to the site root, dirs end in '/').

    Climbing to the root and back down is not the shortest path, but it is exact and
    cheap, which matters for the ~40 links on each of 10,000 profile pages.
    """
    return ("../" * from_url.count("/") + to_url) or "./"


def crumbs(here: str, *trail: tuple[str, str]) -> list[list[str]]:
    """Breadcrumbs above the title: the home page, then (label, site URL) pairs, as links
    relative to `here`; the page itself is the last crumb, added by the theme."""
    return [[label, rel(here, url)] for label, url in (("Trang chủ", ""), *trail)]


def front_matter(**meta: object) -> str:
    """YAML front matter; JSON strings are valid YAML and need no escaping rules of our own."""
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items() if v not in (None, "")]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


@dataclass
class Pages:
    catalog: Catalog
    photos: PhotoMap

    def render(self, template: str, **context: object) -> Markup:
        return render(template, self.catalog.settings.root, **context)

    # ---- shared pieces --------------------------------------------------------------

    @cached_property
    def token(self) -> str:
        return memo.site_token(self.catalog)

    def frozen(self, e: Exemplar) -> Frozen:
        """An exemplar with its photo sets (thumbnails, the profile's picture), hashed once a
        run. The previous run's key object is reused when equal (one comparison), so the
        dozen memo lookups of each exemplar compare by identity."""
        found = self._frozen.get(e.id)
        if found is None or found.value[0] is not e:
            value = (e, self.photos.photos.get(e.id) or ())
            old = _FROZEN[0].get(e.id)
            found = (memo.adopt(old, value) if old is not None else None) or Frozen(value)
            self._frozen[e.id] = _FROZEN[1][e.id] = found
        return found

    @cached_property
    def _frozen(self) -> dict[str, Frozen]:
        return {}

    @cached_property
    def _fz(self) -> dict[str, Frozen]:
        """frozen() of every exemplar of the catalogue, for the list pages' keys (their items
        are the catalogue's own objects)."""
        return {e.id: self.frozen(e) for e in self.catalog.exemplars}

    # ---- the catalogue's groupings, computed once (Catalog.by_unit scans every exemplar) ----

    def by_unit(self, unit_id: str) -> tuple[Exemplar, ...]:
        """Catalog.by_unit (predecessors' exemplars too), in the catalogue's order."""
        found = self._by_unit.get(unit_id)
        if found is None:
            ids = dict.fromkeys((unit_id, *self.catalog.predecessors(unit_id)))
            lists = [self._direct[u] for u in ids if u in self._direct]
            merged = lists[0] if len(lists) == 1 else [] if not lists else sorted(
                (e for group in lists for e in group), key=lambda e: self._position[e.id])
            found = self._by_unit[unit_id] = tuple(merged)
        return found

    def by_movement(self, movement_id: str) -> tuple[Exemplar, ...]:
        return tuple(self.by_term["movements"].get(movement_id, ()))

    @cached_property
    def by_term(self) -> dict[str, dict[str, list[Exemplar]]]:
        """Exemplars by field, category and movement, each list in the catalogue's order."""
        out: dict[str, dict[str, list[Exemplar]]] = {"fields": defaultdict(list), "categories": defaultdict(list),
                                                      "movements": defaultdict(list)}
        for e in self.catalog.exemplars:
            for f in dict.fromkeys(e.fields):
                out["fields"][f].append(e)
            out["categories"][e.category].append(e)
            for m in dict.fromkeys(e.movements):
                out["movements"][m].append(e)
        return {k: dict(v) for k, v in out.items()}

    @cached_property
    def _direct(self) -> dict[str, list[Exemplar]]:
        out: dict[str, list[Exemplar]] = defaultdict(list)
        for e in self.catalog.exemplars:
            out[e.unit].append(e)
        return dict(out)

    @cached_property
    def _position(self) -> dict[str, int]:
        return {e.id: n for n, e in enumerate(self.catalog.exemplars)}

    @cached_property
    def _by_unit(self) -> dict[str, tuple[Exemplar, ...]]:
        return {}

    def cards(self, exemplars: Iterable[Exemplar], here: str,
              empty: str = "Chưa có điển hình nào.") -> Markup:
        """A card for each profile (long lists come here a page at a time: `paged`); `empty`
        says what the list will hold once there is something."""
        depth = here.count("/")
        items = [self.card(e, depth) for e in exemplars]
        return self.render("cards.html", cards=items, empty=empty)

    def az_key(self, e: Exemplar) -> tuple:
        """az_key(e), kept on the exemplar's key object, which lives from run to run while the
        exemplar is unchanged (the Vietnamese name key is 0.1 ms, asked twice a profile)."""
        derived = self.frozen(e).derived
        found = derived.get("az")
        if found is None:
            found = derived["az"] = az_key(e)
        return found

    def card(self, e: Exemplar, depth: int) -> Markup:
        """One card, on a page `depth` folders below the root: links are relative, so the
        same exemplar's card is the same HTML on every page of that depth."""
        return _CARDS.at((e.id, depth), (self.token, self._fz[e.id]), lambda: self._card(e, "../" * depth))

    def _card(self, e: Exemplar, up: str) -> Markup:
        sets = self.photos.photos.get(e.id) or ()
        v = sets[0].variants[0] if sets else None
        item = {**placeholder(e), "href": up + profile_url(e),
                "img": {"url": up + v.url, "width": v.width, "height": v.height} if v else None,
                "name": e.name, "subject": self.catalog.label("subjects", e.subject),
                "unit": self.catalog.unit_label(e.unit), "summary": shorten(e.summary)}
        return Markup(self._card_macro(item))

    @cached_property
    def _card_macro(self) -> Callable[[dict], str]:
        """macros.html's `card`, called from Python: the same HTML cards.html used to make."""
        return environment(self.catalog.settings.root).get_template("macros.html").module.card

    def paged(self, items: list[Exemplar], uri: str, url: str, title: str, empty: str,
              body: Callable[[Slice], Markup] | None = None, markdown: Callable[[Slice], str] | None = None,
              trail: tuple[tuple[str, str], ...] = (), edit: str | None = None,
              key: Hashable = None, **meta: object) -> list[OutFile]:
        """A list as pages of PER_PAGE cards (render/paging.py): page 1 at `uri` (site URL
        `url`), then `<url>trang-2/`…, each with page links below and rel=prev/next in <head>.
        `body` renders a page's part above the links (default: its cards); pages after the
        first get a crumb back to page 1. A `body` must come with a `key` holding what it
        reads besides the page's items and `token` (each page is memoised on them)."""
        assert body is None or key is not None, "a list page's body needs its memo key"
        out, fz = [], self._fz
        for s in paginate(items, uri, url):
            text = markdown(s) if markdown else ""
            memo_key = (self.token, key, url, s.uri, s.url, s.number, s.total, s.count, title, empty, trail,
                        edit, text, tuple(meta.items()), tuple(map(fz.__getitem__, map(_ID, s.items))))
            out.append(_LIST_PAGES.at(s.uri, memo_key, lambda s=s, text=text: self._list_page(
                s, url, title, empty, body, text, trail, edit, meta)))
        return out

    def _list_page(self, s: Slice, url: str, title: str, empty: str, body: Callable[[Slice], Markup] | None,
                   text: str, trail: tuple[tuple[str, str], ...], edit: str | None,
                   meta: dict[str, object]) -> OutFile:
        part = body(s) if body else self.cards(s.items, s.url, empty)
        links = pager(s)
        html = part + (self.render("pager.html", p=links) if links else Markup(""))
        path = trail if s.number == 1 else (*trail, (title, url))
        return self.page(s.uri, html, edit=edit, markdown=text, title=titled(title, s),
                         crumbs=crumbs(s.url, *path) if path else None, **head_links(s), **meta)

    def photo_html(self, e: Exemplar, here: str) -> Markup:
        sets = self.photos.photos.get(e.id) or ()
        if not sets:
            return Markup("")
        return picture_html(sets[0], rel(here, ""), "(max-width: 600px) 100vw, 360px",
                            lazy=False, zoom=True)

    def _story(self, me: Frozen) -> str:
        """Story Markdown → sanitised HTML, converted once per content (render/stories.py), by
        its content key, which stays on the exemplar's key object from run to run (a hash less
        per profile and save)."""
        return STORIES.html(me.value[0].story, self.office_tel, self._story_key(me))

    def _story_key(self, me: Frozen) -> str:
        key = me.derived.get(self.office_tel)
        if key is None:
            key = me.derived[self.office_tel] = story_key(me.value[0].story, self.office_tel)
        return key

    @cached_property
    def office_tel(self) -> str:
        return self.catalog.settings.office_tel

    def page(self, uri: str, html: str, edit: str | None = None, markdown: str = "",
             **meta: object) -> OutFile:
        """A page whose Markdown part (if any) MkDocs converts, followed by ready HTML.

        Front matter is plain text: the engine adapter escapes title and description for
        Material's templates, which do not autoescape (the same for hand-written pages)."""
        if meta.get("description"):
            meta["description"] = share_description(str(meta["description"]))
        return OutFile(uri, front_matter(**meta) + markdown, edit_path=edit, html=html)

    def card_image(self, key: str) -> str | None:
        return self.photos.cards.get(key)

    # ---- profiles -------------------------------------------------------------------

    def profiles(self) -> list[OutFile]:
        """Each memoised on the exemplar and its photos, its related cards' exemplars and
        photos, its social card's name and `token` (profile()); when only some exemplars
        changed since the latest run, only their pages and their neighbours' are asked
        (_changed_profiles): 10,000 memo lookups were most of a warm run's pages."""
        last, fz, exemplars = _LAST_PROFILES, self._fz, self.catalog.exemplars
        same = bool(last) and last["token"] == self.token and last["tel"] == self.office_tel and \
            last["related"] is self._related and len(fz) == len(exemplars) == len(last["out"])
        out = self._changed_profiles(last) if same else [self.profile(e) for e in exemplars]
        _LAST_PROFILES.clear()
        _LAST_PROFILES.update(token=self.token, tel=self.office_tel, related=self._related,
                              fz=list(fz.values()), cards=self.photos.cards, out=out)
        return out

    def _changed_profiles(self, last: dict) -> list[OutFile]:
        """The latest run's pages, with those whose memo key may differ asked again: the
        order, units and movements are the same (the related ids are the same object), so a
        page keeps its place, and its key changes only if its exemplar's key object, a
        related exemplar's or its social card's name did. The others are exactly the pages
        profile() would take from its memo, which keeps them (and their stories) for the next run."""
        fz, exemplars = self._fz, self.catalog.exemplars
        now = list(fz.values())
        same = same_places(now, last["fz"])
        changed = {now[i].value[0].id for i in false_at(same)}
        cards = self.photos.cards
        if cards != last["cards"]:
            changed_cards = {k for k, _ in cards.items() ^ last["cards"].items()}
            card_ids = {k[len("exemplar:"):] for k in changed_cards if k.startswith("exemplar:")}
        else:
            card_ids = set()
        referrers = _referrers(self._related)
        redo = changed | card_ids | {r for c in changed for r in referrers.get(c, ())}
        _PROFILES.carry()
        STORIES.carry()
        out = list(last["out"])
        position = _positions(self._related, exemplars)
        for eid in redo:
            out[position[eid]] = self.profile(exemplars[position[eid]])
        _PROFILES.hits += len(out) - len(redo)
        tel = self.office_tel  # stories of the changed exemplars' previous versions go
        STORIES.forget({last["fz"][i].derived.get(tel) for i in false_at(same)} -
                       {now[i].derived.get(tel) for i in false_at(same)} - {None})
        return out

    def profile(self, e: Exemplar) -> OutFile:
        me = self._fz[e.id] if self._fz[e.id].value[0] is e else self.frozen(e)
        if e.story:
            STORIES.keep(e.story, self.office_tel, self._story_key(me))  # every run: stays cached
        fz = self._fz
        key = (self.token, me, tuple(map(fz.__getitem__, self._related.get(e.id, ()))),
               self.photos.cards.get(f"exemplar:{e.id}"))
        return _PROFILES.at(e.id, key, lambda: self._profile(
            e, Markup(self._story(me)) if e.story else "", self.related(e)))

    def _profile(self, e: Exemplar, story: Markup | str, related: list[Exemplar]) -> OutFile:
        uri = profile_uri(e.slug)
        here = profile_url(e)
        c = self.catalog
        ctx = {
            "e": e, "unit_label": c.unit_label(e.unit), "quarter": format_quarter(*e.quarter),
            "subject": c.label("subjects", e.subject), "category": c.label("categories", e.category),
            "placeholder": placeholder(e), "photo_html": self.photo_html(e, here),
            "story_html": story,
            "links": {"unit": rel(here, f"don-vi/{e.unit}/"),
                      "category": rel(here, f"loai/{e.category}/"),
                      "year": rel(here, f"nam/{e.year}/")},
            "successors": [{"href": rel(here, f"don-vi/{u.id}/"), "label": c.unit_label(u.id)}
                           for u in c.current_units(e.unit) if u.id != e.unit],
            "fields": [{"href": rel(here, f"linh-vuc/{f}/"), "label": c.label("fields", f)}
                       for f in e.fields],
            "movements": [{"href": rel(here, f"phong-trao/{m}/"), "title": c.movements[m].title}
                          for m in e.movements if m in c.movements],
            "awards": [{"label": c.label("awards", a.name), "year": a.year, "decision": a.decision,
                        "date": format_date(a.date), "issuer": a.issuer} for a in e.awards],
            "related": self.cards(related, here) if related else "",
            "report_href": f"{rel(here, REQUEST_URL)}?ho-so={quote(e.id, safe='')}",
        }
        body = self.render("profile.html", **ctx)
        meta = {"title": e.name, "description": e.summary, "image": self.card_image(f"exemplar:{e.id}"),
                "exemplar": e.id, "hide": ["toc"], "share": True,
                "crumbs": crumbs(here, ("Đơn vị", "don-vi/"), (c.unit_label(e.unit), f"don-vi/{e.unit}/")),
                "published": format_date(e.received) if e.received else None,
                "published_iso": e.received.isoformat() if e.received else None,
                "edit_label": "Sửa hồ sơ này (dành cho biên tập viên)",
                "badge": None if ctx["photo_html"] else ctx["placeholder"]}
        return self.page(uri, body, edit=e.source, **meta)

    def related(self, e: Exemplar) -> list[Exemplar]:
        by_id = self.catalog.by_id
        return [by_id[i] for i in self._related.get(e.id, ())]

    @cached_property
    def _related(self) -> dict[str, tuple[str, ...]]:
        """Ids of up to four neighbours sharing a movement, then the unit, computed once for
        all; they depend on the order, units and movements only, so a run is keyed by those.
        The latest run's mapping is taken as is when the exemplars are those of its run,
        place by place, but the changed ones, whose id, unit and movements are as they were."""
        last = _LAST_PROFILES
        if last and len(last["fz"]) == len(self._fz) == len(self.catalog.exemplars):
            now = list(self._fz.values())
            if all(_placed_alike(now[i].value[0], last["fz"][i].value[0])
                   for i in false_at(same_places(now, last["fz"]))):
                return last["related"]
        key = tuple((e.id, e.unit, e.movements) for e in self.catalog.exemplars)
        return _RELATED.get(key, lambda: _related_ids(key))

    def redirects(self) -> list[OutFile]:
        """Old URLs (aliases) keep working; withdrawn profiles leave a page without personal data."""
        out = []
        for e in self.catalog.exemplars:
            for alias in e.aliases:
                target = f"../{e.slug}/"
                out.append(OutFile(alias_uri(alias),
                                   str(self.render("redirect.html", target=target))))
        notice = self.render("notice.html", text="Hồ sơ này đã được gỡ khỏi trang theo đề nghị của "
                             "người được giới thiệu hoặc đơn vị quản lý.")
        for t in self.catalog.tombstones:
            out.append(self.page(profile_uri(t.slug), notice, title="Hồ sơ đã được gỡ",
                                 robots="noindex"))
        return out

    # ---- sections -------------------------------------------------------------------

    def units(self) -> list[OutFile]:
        c = self.catalog
        out = [self.units_index()]
        for unit in c.units.values():
            here = f"don-vi/{unit.id}/"
            there = here + "a-z/"  # one level deeper: its own links
            items = list(self.by_unit(unit.id))
            page_uri, az_uri = unit_uris(unit.id)
            label = c.unit_label(unit.id)
            sortable = len(items) > 1
            out += self.paged(items, page_uri, here, label, "", trail=(("Đơn vị", "don-vi/"),),
                              body=self.unit_body(unit.id, there, sortable, az=False),
                              key=("unit", unit.id, there, sortable, False),
                              description=f"Các điển hình tiên tiến do {unit.name} giới thiệu.")
            out += self.paged(sorted(items, key=self.az_key), az_uri, there, f"{label} (A–Z)", "",
                              body=self.unit_body(unit.id, here, sortable, az=True), robots="noindex",
                              key=("unit", unit.id, here, sortable, True))
        return out

    def unit_body(self, unit_id: str, other: str, sortable: bool, az: bool) -> Callable[[Slice], Markup]:
        """For each page of a unit's list: the note on predecessors and successors, the order
        switch (to page 1 of the `other` order's list) and the cards."""
        c = self.catalog
        unit = c.units[unit_id]

        def body(s: Slice) -> Markup:
            link = lambda u: {"href": rel(s.url, f"don-vi/{u}/"), "label": c.unit_label(u)}  # noqa: E731
            return self.render("unit.html", unit_name=unit.name, valid_to=format_date(unit.valid_to),
                               successors=[link(u.id) for u in c.current_units(unit_id) if u.id != unit_id],
                               predecessors=[link(p) for p in c.predecessors(unit_id)],
                               outside=unit.outside, az=az, other=rel(s.url, other), sortable=sortable,
                               cards=self.cards(s.items, s.url, "Chưa có điển hình nào của đơn vị này."))
        return body

    def units_index(self) -> OutFile:
        """Units since the last reorganisation, then those before it; in each, communes,
        agencies, mass organisations. A unit lists its predecessors' exemplars too."""
        c = self.catalog
        day = reorganised_on(c.units)
        ordered = sorted(c.units.values(), key=lambda u: text_sort_key(u.name))
        if day is None:
            periods = [("", "", ordered)]
        else:
            before = format_date(day - dt.timedelta(days=1))
            periods = [("tu-" + toc_slugify(format_date(day)), f"Từ {format_date(day)} (sau sắp xếp)",
                        [u for u in ordered if not (u.valid_to and u.valid_to < day)]),
                       ("den-" + toc_slugify(before), f"Đến {before} (trước sắp xếp)",
                        [u for u in ordered if u.valid_to and u.valid_to < day])]
        body = self.render("units.html", periods=[
            {"id": pid, "title": title, "groups": self.unit_groups(pid, units)}
            for pid, title, units in periods if units])
        return self.page("don-vi/index.md", body, title="Đơn vị",
                         description="Điển hình tiên tiến theo xã, thị trấn, cơ quan và đoàn thể.")

    def unit_groups(self, period: str, units: list[Unit]) -> list[dict]:
        c = self.catalog
        named = {k for _, kinds in UNIT_GROUPS for k in kinds or ()}
        groups = []
        for title, kinds in UNIT_GROUPS:
            members = [u for u in units if (u.kind in kinds if kinds else u.kind not in named)]
            entries = [{"href": f"{u.id}/", "label": c.unit_label(u.id), "count": len(self.by_unit(u.id)),
                        "successors": [{"href": f"{s.id}/", "label": c.unit_label(s.id)}
                                       for s in c.current_units(u.id) if s.id != u.id]}
                       for u in members]
            if entries:
                groups.append({"id": "-".join(filter(None, (period, toc_slugify(title)))),
                               "title": title, "entries": _items(entries)})
        return groups

    def movements(self) -> list[OutFile]:
        c = self.catalog
        out = []
        for m in c.movements.values():
            here = f"phong-trao/{m.id}/"
            facts = [{"term": term, "lines": lines} for term, lines in (
                ("Cơ quan phát động", [m.launched_by]), ("Thời gian", [m.period]),
                ("Ngày", [format_date(m.date)] if m.date else []), ("Căn cứ", list(m.basis or ())))
                if any(lines)]
            head = f"{self.render('movement.html', facts=facts)}\n\n" if facts else ""
            items = list(self.by_movement(m.id))
            count = f" ({len(items)})" if items else ""
            heading = f"## Điển hình trong phong trào{count}\n"
            # The movement's own text on page 1 only; later pages are its list.
            text = lambda s, head=head, body=m.body.strip(), heading=heading: (  # noqa: E731
                f"{head}{body}\n\n{heading}" if s.number == 1 else heading)
            out += self.paged(items, movement_uri(m.id), here, m.title,
                              "Chưa có điển hình nào trong phong trào này.", markdown=text, edit=m.source,
                              trail=(("Phong trào", "phong-trao/"),), description=m.description,
                              share=True, image=self.card_image(f"movement:{m.id}"))
        listing = [{"href": f"{m.id}/", "label": m.title, "count": len(self.by_movement(m.id))}
                   for m in sorted(c.movements.values(), key=lambda m: text_sort_key(m.title))]
        out.append(self.page("phong-trao/index.md",
                             self.listing(listing, "Chưa có phong trào nào được đăng."),
                             title="Phong trào thi đua",
                             description="Các phong trào thi đua yêu nước và sự kiện."))
        return out

    def listing(self, items: list[dict], empty: str) -> str:
        """A list of links with optional counts and dates, or the sentence `empty` saying what
        it will hold; the page's Markdown follows it."""
        return f"{self.render('list.html', items=_items(items), empty=empty)}\n"

    def indexes(self) -> list[OutFile]:
        """By field, by category, by year and quarter."""
        c = self.catalog
        out = []
        for vocab, folder, title, empty in INDEXES:
            terms = c.vocabs[vocab].labels
            listing = []
            for term, label in terms.items():
                items = self.by_term[vocab].get(term, [])
                out += self.paged(items, term_uri(folder, term), f"{folder}/{term}/", f"{title}: {label}", empty)
                listing.append({"href": f"{term}/", "label": label, "count": len(items)})
            out.append(self.page(f"{folder}/index.md", self.listing(listing, "Chưa có mục nào."),
                                 title=title))
        out += self.years()
        return out

    def years(self) -> list[OutFile]:
        c = self.catalog
        by_year: dict[int, list[Exemplar]] = defaultdict(list)
        for e in c.exemplars:
            by_year[e.quarter[0]].append(e)  # e.year, without a property call per profile
        out = []
        for year, items in sorted(by_year.items()):
            ordered = [e for q in (4, 3, 2, 1) for e in items if e.quarter[1] == q]
            counts = Counter(e.quarter[1] for e in items)
            out += self.paged(ordered, year_uri(year), f"nam/{year}/", f"Điển hình năm {year}", "",
                              body=self.year_body(year, counts), key=("year", year, tuple(sorted(counts.items()))))
        listing = [{"href": f"{y}/", "label": f"Năm {y}", "count": len(by_year[y])}
                   for y in sorted(by_year, reverse=True)]
        out.append(self.page("nam/index.md", self.listing(listing, "Chưa có điển hình nào được đăng."),
                             title="Theo năm"))
        return out

    def year_body(self, year: int, counts: Counter) -> Callable[[Slice], Markup]:
        """A page of a year's list, under a heading per quarter (newest first); a quarter
        split over two pages is headed on both, with the quarter's whole count."""
        def body(s: Slice) -> Markup:
            groups = [{"id": f"quy-{q}", "title": f"{format_quarter(year, q)} ({counts[q]})",
                       "cards": self.cards(chunk, s.url), "entries": []}
                      for q in (4, 3, 2, 1) if (chunk := [e for e in s.items if e.quarter[1] == q])]
            return self.render("groups.html", groups=groups)
        return body

    # ---- home and activities --------------------------------------------------------

    def home(self) -> OutFile:
        c = self.catalog
        intro = next((p.body for p in c.pages if p.path == "content/index.md"), "")
        # Only units without a successor: each lists its predecessors' exemplars, so every
        # exemplar is counted once, under the commune it belongs to today.
        communes = [u for u in c.units.values()
                    if u.kind in ("xa", "thi-tran") and not u.successor and self.by_unit(u.id)]
        units = [{"href": f"don-vi/{u.id}/", "label": c.unit_label(u.id), "count": len(self.by_unit(u.id))}
                 for u in sorted(communes, key=lambda u: -len(self.by_unit(u.id)))]
        fields = [{"href": f"linh-vuc/{f}/", "label": lbl,
                   "count": len(self.by_term["fields"].get(f, ()))}
                  for f, lbl in c.vocabs["fields"].labels.items()]
        movements = [{"href": f"phong-trao/{m.id}/", "label": m.title, "count": len(self.by_movement(m.id))}
                     for m in c.movements.values()]
        body = self.render("home.html", latest=self.cards(c.exemplars[:LATEST], "",
                                                          "Chưa có điển hình nào được đăng."),
                           current=self.current(), units=_items(units),
                           fields=_items(fields), movements=_items(movements))
        return self.page("index.md", body, edit="content/index.md", markdown=intro.strip(),
                         title=c.settings.site_name,
                         description="Giới thiệu điển hình tiên tiến, gương người tốt việc tốt, mô hình "
                                     "mới, nhân tố mới.", hide=["navigation", "toc"])

    def current(self) -> dict | None:
        """The home page's movement: the one running on the build's day (core/clock.today(),
        SHOWCASE_TODAY in tests), else the one that ended last. The home page therefore
        changes on the day a movement starts or ends; nothing else on the site reads the day."""
        m, running = current_movement(self.catalog.movements.values(), today())
        if m is None:
            return None
        return {"title": m.title, "href": f"phong-trao/{m.id}/", "running": running,
                "period": m.period or format_date(m.date), "description": m.description,
                "launched_by": m.launched_by, "count": len(self.by_movement(m.id))}

    def activities(self) -> list[OutFile]:
        c = self.catalog
        posts = activity_posts(c)
        out = []
        listing = []
        for p in posts:
            uri = p.path[len("content/"):]
            here = url_of(uri)
            featured = [c.by_id[x] for x in p.meta.get("exemplars") or [] if x in c.by_id]
            heading = "\n\n## Điển hình được nhắc tới\n" if featured else ""
            date = str(p.meta.get("date", ""))
            head = f"{self.render('dated.html', date=date)}\n\n" if date else ""
            meta = {k: v for k, v in p.meta.items() if k in ("title", "description")}
            out.append(self.page(uri, self.cards(featured, here) if featured else "", edit=p.path,
                                 markdown=head + p.body.strip() + heading, **meta))
            listing.append({"href": rel("hoat-dong/", here), "label": str(p.meta.get("title", uri)),
                            "date": date})
        out.append(self.page("hoat-dong/index.md", self.listing(listing, "Chưa có hoạt động nào được đăng."),
                             title="Hoạt động",
                             description="Tọa đàm, giao lưu, tham quan học tập điển hình tiên tiến."))
        return out


def start_run(catalog: Catalog | None = None) -> None:
    """A new run of render_pages: each memo keeps only what the previous run used, except
    cards, kept while their exemplar is in the catalogue: a list page from its memo asks
    for none of its cards, and an addition shifts every later page of its lists, which
    then found none (7,700 cards drawn again at 10,000 profiles)."""
    for m in (_PROFILES, _LIST_PAGES, _RELATED):
        m.start()
    _CARDS.start(keep=catalog is not None)
    if catalog is not None:
        ids = set(map(_ID, catalog.exemplars))
        if ids != _CARD_IDS:
            _CARDS.retain(ids)
            _CARD_IDS.clear()
            _CARD_IDS.update(ids)
    _FROZEN[:] = [_FROZEN[1], {}]


_CARD_IDS: set[str] = set()  # the exemplars _CARDS was last trimmed to


def az_key(e: Exemplar) -> tuple:
    """People by given name, then middle and family name; groups and households as written."""
    return name_sort_key(e.name) if e.subject == "ca-nhan" else text_sort_key(e.name)


_LAST_PROFILES: dict = {}  # the latest run's profile pages and what they were made from
_REFERRERS: list = [None, {}, {}]  # a related-ids mapping, who lists each id, each id's place
memo.clear_hooks.append(lambda: (_LAST_PROFILES.clear(), _REFERRERS.__setitem__(slice(None), [None, {}, {}])))
# Saved with the build's state for a new process (render/memo.persist), but the cards: 28,000
# of them at 10,000 profiles cost 0.75 s a build to pickle and unpickle, and a new process
# draws again only those of the list pages it renders (an addition's shifted pages: ~0.3 s).
memo.persist("pages", _PROFILES, _LIST_PAGES, _RELATED, _FROZEN, _LAST_PROFILES, _REFERRERS)


def _referrers(related: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """id → the profiles whose related cards show it, once per related-ids mapping."""
    if _REFERRERS[0] is not related:
        out: dict[str, list[str]] = defaultdict(list)
        for eid, others in related.items():
            for other in others:
                out[other].append(eid)
        _REFERRERS[:] = [related, dict(out), {}]
    return _REFERRERS[1]


def _positions(related: dict[str, tuple[str, ...]], exemplars: tuple[Exemplar, ...]) -> dict[str, int]:
    """Each id's place in the catalogue, whose order the related-ids mapping is keyed by."""
    if _REFERRERS[0] is not related:
        _referrers(related)
    if not _REFERRERS[2]:
        _REFERRERS[2] = {e.id: i for i, e in enumerate(exemplars)}
    return _REFERRERS[2]


def _placed_alike(a: Exemplar, b: Exemplar) -> bool:
    """What _related_ids reads of an exemplar is the same."""
    return a.id == b.id and a.unit == b.unit and a.movements == b.movements


def _related_ids(order: tuple[tuple[str, str, tuple[str, ...]], ...]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = defaultdict(list)
    position: dict[tuple[str, str], int] = {}
    for eid, unit, movements in order:
        for key in (*(f"m:{m}" for m in movements), f"u:{unit}"):
            position[(key, eid)] = len(groups[key])
            groups[key].append(eid)
    out = {}
    for eid, unit, movements in order:
        picked: dict[str, None] = {}
        for key in (*(f"m:{m}" for m in movements), f"u:{unit}"):
            for other in _neighbours(groups[key], position[(key, eid)]):
                if len(picked) >= RELATED:
                    break
                if other != eid:
                    picked.setdefault(other)
        out[eid] = tuple(picked)
    return out


def _neighbours(group: list, at: int, wanted: int = RELATED + 1):
    """The profiles listed next to position `at` (newer and older in turn): varied per page."""
    for step in range(1, wanted + 1):
        for i in (at + step, at - step):
            if 0 <= i < len(group):
                yield group[i]


def _items(items: list[dict]) -> list[dict]:
    """Entries of a list of links: every key present (templates are strict)."""
    return [{"count": None, "date": "", "successors": [], **i} for i in items]


def placeholder(e: Exemplar) -> dict[str, str]:
    """Initials on the profile's colour: a class from a fixed palette, so no inline style."""
    return {"initials": initials(e.name, e.subject), "colour": colour_class(e.id)}


def render_pages(catalog: Catalog, photo_map: PhotoMap) -> list[OutFile]:
    start_run(catalog)
    STORIES.start(catalog.settings.root)
    p = Pages(catalog, photo_map)
    out = [p.home(), *p.profiles(), *p.redirects(), *p.units(), *p.movements(), *p.indexes(),
           *p.activities()]
    STORIES.save()
    return out

