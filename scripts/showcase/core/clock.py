"""The one "today" of a run. Outputs take their dates from the data; only checks that
compare with the calendar (no date in the future, a quarter not yet over) ask here.

SHOWCASE_TODAY (dd/mm/yyyy or yyyy-mm-dd) fixes it for tests and for re-running an old
check exactly; otherwise it is the system date.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

from showcase.core.vi import parse_date


def today() -> dt.date:
    return _today(os.environ.get("SHOWCASE_TODAY", "").strip(), dt.date.today())


@lru_cache(maxsize=8)  # asked once per file: parse the variable once
def _today(fixed: str, system: dt.date) -> dt.date:
    return (parse_date(fixed) if fixed else None) or system
