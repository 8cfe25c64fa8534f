"""Stage: data files for media, the public and the Home Affairs office.

Everything here reads the catalogue, which holds published profiles only: a withdrawn
profile drops out of the feed, the open data, the bulletins and the reports in the
next build without any code here having to know about withdrawal.
"""
from __future__ import annotations

from showcase.catalog import Catalog
from showcase.core.outfile import OutFile
from showcase.outputs import bulletin, feeds
from showcase.outputs.report import pages as report_pages
from showcase.validate.plan import load_periods


def planned_uris(catalog: Catalog) -> list[tuple[str, str | None]]:
    """What render_data writes, from each output's own URIs."""
    return [*feeds.planned_uris(), *bulletin.planned_uris(catalog), *report_pages.planned_uris(catalog)]


def render_data(catalog: Catalog) -> list[OutFile]:
    files = [*feeds.render_feeds(catalog), *bulletin.render_bulletins(catalog)]
    # The reporting plan is a required registry, validated by `showcase check`.
    return files + report_pages.render_reports(catalog, load_periods(catalog.settings.root, dict(catalog.units)))
