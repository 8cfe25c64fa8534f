"""Stage: data files for media, the public and the Home Affairs office.

Everything here reads the catalogue, which holds published profiles only: a withdrawn
profile drops out of the feed, the open data, the bulletins and the reports in the
next build without any code here having to know about withdrawal.
"""
from __future__ import annotations

from .bulletin import render_bulletins
from .catalog import Catalog
from .feeds import render_feeds
from .outputs import OutFile
from .report import REPORTING_FILE, load_periods
from .report_pages import render_reports


def render_data(catalog: Catalog) -> list[OutFile]:
    files = [*render_feeds(catalog), *render_bulletins(catalog)]
    root = catalog.settings.root
    if (root / REPORTING_FILE).exists():  # a tree without the reporting plan has no intake pages
        files += render_reports(catalog, load_periods(root, dict(catalog.units)))
    return files
