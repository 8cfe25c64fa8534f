"""The one "today" of a run. Outputs take their dates from the data; only checks that
compare with the calendar (no date in the future, a quarter not yet over) ask here.

SHOWCASE_TODAY (dd/mm/yyyy or yyyy-mm-dd) fixes it for tests and for re-running an old
check exactly; otherwise it is the system date.
"""
from __future__ import annotations

import datetime as dt
import os

from showcase.core.vi import parse_date


def today() -> dt.date:
    fixed = os.environ.get("SHOWCASE_TODAY", "").strip()
    return (parse_date(fixed) if fixed else None) or dt.date.today()
