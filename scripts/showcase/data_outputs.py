"""Stage: data files for media and the public (feeds, open data, reports)."""
from __future__ import annotations

from .catalog import Catalog
from .outputs import OutFile


def render_data(catalog: Catalog) -> list[OutFile]:
    return []
