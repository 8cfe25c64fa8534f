"""Stage: data files for media, the public and the Home Affairs office.

Everything here reads the catalogue, which holds published profiles only: a withdrawn
profile drops out of the feed, the open data, the bulletins and the reports in the
next build without any code here having to know about withdrawal.

A warm `showcase serve` re-runs this on every save, so each bulletin and each year's reports
are memoised (render/memo.py) on the exemplars they list plus the site token (labels, units,
movements, settings, templates); the reports also on the reporting plan and the day.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from showcase.catalog import Catalog
from showcase.core import clock
from showcase.core.outfile import OutFile
from showcase.outputs import bulletin, feeds
from showcase.outputs.report import pages as report_pages
from showcase.outputs.report.intake import intake, to_csv
from showcase.outputs.report.xlsx import to_xlsx
from showcase.render.memo import Memo, digest, exemplar_keys, persist, site_token
from showcase.validate.plan import Period, load_periods

_BULLETINS: Memo[OutFile] = Memo("bulletins")
_INTAKES: Memo[tuple] = Memo("intake tables by year")
_REVIEWS: Memo[OutFile] = Memo("review lists by year")
# Each year's review entries (report/pages.review_page), kept while the year has exemplars:
# a year whose page came from _REVIEWS keeps them for its next edit.
_ENTRIES: dict[int, Memo[tuple]] = {}
persist("data", _BULLETINS, _INTAKES, _REVIEWS, _ENTRIES)


def planned_uris(catalog: Catalog) -> list[tuple[str, str | None]]:
    """What render_data writes, from each output's own URIs."""
    return [*feeds.planned_uris(), *bulletin.planned_uris(catalog), *report_pages.planned_uris(catalog)]


def render_data(catalog: Catalog, packed: bool = False) -> list[OutFile]:
    """`packed`: a build, which runs generate once (feeds.open_data)."""
    files = [*feeds.render_feeds(catalog, packed), *bulletins(catalog)]
    # The reporting plan is a required registry, validated by `showcase check`.
    return files + reports(catalog, load_periods(catalog.settings.root, dict(catalog.units)))


def bulletins(catalog: Catalog) -> list[OutFile]:
    """Every commune's bulletin per quarter (outputs/bulletin.py), each script memoised on its
    quarter, commune and exemplars, and their index."""
    _BULLETINS.start()
    vocab = catalog.vocabs.get("abbreviations")
    abbreviations = dict(vocab.labels) if vocab else {}
    found = bulletin.groups(catalog)
    token, keys = site_token(catalog), exemplar_keys(catalog)
    files = [_BULLETINS.get((token, y, q, u, tuple([keys[e.id] for e in items])),
                            lambda y=y, q=q, u=u, items=items: OutFile(
                                bulletin.bulletin_uri(y, q, u), bulletin.script(catalog, y, q, u, items, abbreviations)))
             for (y, q, u), items in sorted(found.items())]
    return files + [bulletin.index_page(catalog, found)] if files else files


def reports(catalog: Catalog, periods: tuple[Period, ...]) -> list[OutFile]:
    """The office's report pages and files (outputs/report/), memoised by year (intake and review read no other year) on
    the plan and today (a quarter still open is 'not yet due', not 'missing'): the intake
    table, its XLSX and CSV on the year's counts by unit and quarter; the review list on the
    year's exemplars too, so a summary edit redoes one review page only."""
    _INTAKES.start()
    _REVIEWS.start()
    years = report_pages.years_with_data(catalog)
    exemplars: dict[int, list] = defaultdict(list)
    counts: dict[int, Counter] = defaultdict(Counter)
    keys = exemplar_keys(catalog)
    for e in catalog.exemplars:
        exemplars[e.quarter[0]].append(keys[e.id])  # e.year, without a property call per profile
        counts[e.quarter[0]][(e.unit, e.quarter[1])] += 1
    plan, today, token = digest(periods), clock.today(), site_token(catalog)
    out = [report_pages.report_index(years)]  # always: the nav links to it, even before the first profile
    for year in years:
        key = (token, plan, today, year, tuple(sorted(counts[year].items())))
        data, table, xlsx, csv = _INTAKES.get(key, lambda year=year: _intake_files(catalog, year, periods, today))
        review = _REVIEWS.get((key, tuple(exemplars[year])), lambda year=year, data=data: _review(catalog, data, year, token))
        out += [table, review, xlsx, csv]
    for gone in _ENTRIES.keys() - set(years):
        _ENTRIES[gone].clear()  # kept empty: a Memo registers itself for clear_all once
    return out


def _review(catalog: Catalog, data, year: int, token: str) -> OutFile:
    """The year's review page, its entries memoised on the site token and each exemplar."""
    entries = _ENTRIES.get(year) or _ENTRIES.setdefault(year, Memo(f"review entries {year}"))
    entries.start()
    keys = exemplar_keys(catalog)
    return report_pages.review_page(catalog, data, entries, {e.id: (token, keys[e.id]) for e in catalog.exemplars
                                                             if e.quarter[0] == year})


def _intake_files(catalog: Catalog, year: int, periods: tuple[Period, ...], today: dt.date) -> tuple:
    data = intake(catalog, year, periods, today)
    _, _, xlsx_uri, csv_uri = report_pages.year_uris(year)
    return (data, report_pages.intake_page(catalog, data), OutFile(xlsx_uri, to_xlsx(data)),
            OutFile(csv_uri, to_csv(data)))
