"""Stage 3, catalogue: the immutable set of what may be published.

Drafts, withdrawn profiles and (in production) samples are dropped here, once,
so no later stage (pages, search, feeds, images, reports) can ever see them.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from showcase.core.model import Exemplar, Movement, Unit
from showcase.core.settings import Settings
from showcase.validate.check import Content, PageSource
from showcase.load.vocab import Vocab
from showcase.core.vi import format_date

PROFILE_DIR = "dien-hinh"


@dataclass(frozen=True)
class Catalog:
    settings: Settings
    units: Mapping[str, Unit]
    movements: Mapping[str, Movement]
    vocabs: Mapping[str, Vocab]
    exemplars: tuple[Exemplar, ...]  # published, newest quarter first
    tombstones: tuple[Exemplar, ...]  # withdrawn: only id, slug, aliases, date
    pages: tuple[PageSource, ...] = field(default=())
    hidden_pages: frozenset[str] = frozenset()  # content/ pages left out (samples in production)

    def label(self, vocab: str, term: str) -> str:
        v = self.vocabs.get(vocab)
        return v.labels.get(term, term) if v else term

    @cached_property
    def by_id(self) -> Mapping[str, Exemplar]:
        return MappingProxyType({e.id: e for e in self.exemplars})

    def by_unit(self, unit_id: str) -> tuple[Exemplar, ...]:
        """A unit's exemplars, including those submitted by the units it succeeded."""
        ids = {unit_id, *self.predecessors(unit_id)}
        return tuple(e for e in self.exemplars if e.unit in ids)

    def predecessors(self, unit_id: str) -> list[str]:
        direct = [u.id for u in self.units.values() if unit_id in u.successor]
        return direct + [p for d in direct for p in self.predecessors(d)]

    def current_units(self, unit_id: str) -> list[Unit]:
        """Where a unit lives on today: itself, or its latest successors."""
        unit = self.units.get(unit_id)
        if unit is None:
            return []
        if not unit.successor:
            return [unit]
        return [c for s in unit.successor for c in self.current_units(s)]

    @cached_property
    def _name_counts(self) -> Counter:
        """How many units bear each name: unit_label is asked ~15 times a profile page."""
        return Counter(u.name for u in self.units.values())

    def unit_label(self, unit_id: str) -> str:
        """The unit's name, dated when another unit bears the same name (Sông Ray 2025)."""
        unit = self.units.get(unit_id)
        if unit is None:
            return unit_id
        if self._name_counts[unit.name] < 2:
            return unit.name
        if unit.valid_to:
            return f"{unit.name} (đến {format_date(unit.valid_to)})"
        return f"{unit.name} (từ {format_date(unit.valid_from)})"

    def by_movement(self, movement_id: str) -> tuple[Exemplar, ...]:
        return tuple(e for e in self.exemplars if movement_id in e.movements)


def profile_url(e: Exemplar) -> str:
    return f"{PROFILE_DIR}/{e.slug}/"


def make_catalog(content: Content, settings: Settings) -> Catalog:
    keep = [e for e in content.exemplars
            if e.status == "published" and (settings.include_samples or not e.sample)]
    keep.sort(key=_newest_first, reverse=True)
    gone = tuple(e for e in content.exemplars  # a withdrawn sample leaves no tombstone in production
                 if e.status == "withdrawn" and (settings.include_samples or not e.sample))
    shown = [p for p in content.pages if settings.include_samples or not _is_sample(p)]
    hidden = frozenset(p.path for p in content.pages if p not in shown)
    return Catalog(settings, MappingProxyType(dict(content.units)),
                   MappingProxyType(dict(content.movements)), MappingProxyType(dict(content.vocabs)),
                   tuple(keep), gone, tuple(shown), hidden)


def _newest_first(e: Exemplar) -> tuple:
    """Quarter, then the day received (none first), then id: the order of the isoformat
    strings it replaces ('' before any date), without formatting 10,000 dates a run."""
    return e.quarter, e.received is not None, e.received or _NO_DAY, e.id


_NO_DAY = dt.date.min


def _is_sample(page: PageSource) -> bool:
    return str(page.meta.get("sample", "")).strip().lower() in ("true", "yes", "có", "1")
