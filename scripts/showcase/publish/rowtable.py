"""Records pickled beside a pickle instead of inside it: the render memos' exemplars and pages.

Pickling a str leaves a UTF-8 copy of it inside the str for the rest of its life (CPython's
pickler asks PyUnicode_AsUTF8AndSize, which caches), and the pickler's memo holds a slot for
every object it writes until the dump ends. The render memos hold every exemplar (in their
keys) and every page (their values), which then lived through the engine and the search with
their text 60% larger (a 740-character Vietnamese story: 1,554 → 2,475 bytes).

So a `Table` takes those records out of the big pickle: each goes to a file of its own as
plain tuples whose text is bytes (str.encode leaves nothing inside the str), one small
pickle per record whose memo is cleared at once, and the big pickle names it by number
(`_row`). A record holding any other type is pickled as before, by value.
"""
from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import fields, is_dataclass
from operator import attrgetter
from pathlib import Path, PurePath
from typing import Any, BinaryIO, Callable

from markupsafe import Markup

from showcase.core.model import Award, Consent, Exemplar, Photo
from showcase.core.outfile import OutFile
from showcase.outputs.search import Record, Texts

# By place: a row names its class by number. Slotted classes all: set field by field.
RECORDS = (Exemplar, Award, Photo, Consent, OutFile, Record, Texts)
TABLED = (Exemplar, OutFile, Record)  # the ones the big pickle refers to by number
_NAMES = {cls: tuple(f.name for f in fields(cls)) if is_dataclass(cls) else cls.__slots__
          for cls in RECORDS}
_CLASS = {cls: n for n, cls in enumerate(RECORDS)}
_GET = {cls: attrgetter(*names) for cls, names in _NAMES.items()}  # every record has 2+ fields
# Tags of a list's first item besides a record's class number (lists mark tagged values:
# no record holds a list).
DATE, BYTES, MARKUP, PATH, DICT = -1, -2, -3, -4, -5
_LOADING: list[list[Any]] = []  # the table whose pickle is being loaded (_row reads it)


class Unflattable(TypeError):
    """A record holds a type the table does not know: it is pickled by value instead."""


def flat(x: Any) -> Any:
    """x as tuples, lists, ints, floats, None and bytes; str becomes its UTF-8."""
    t = type(x)
    if t is str:
        return x.encode("utf-8", "surrogatepass")
    if t is tuple:  # str inline: a record is mostly strings and tuples of strings
        return tuple([v.encode("utf-8", "surrogatepass") if type(v) is str else flat(v) for v in x])
    if x is None or t is int or t is bool or t is float:
        return x
    if t in _CLASS:
        return [_CLASS[t], *[v.encode("utf-8", "surrogatepass") if type(v) is str else flat(v)
                             for v in _GET[t](x)]]
    if t is bytes:
        return [BYTES, x]
    if t is dict:
        return [DICT, *map(flat, x.items())]
    if t is dt.date:
        return [DATE, x.toordinal()]
    if t is Markup:
        return [MARKUP, str.encode(x, "utf-8", "surrogatepass")]
    if isinstance(x, PurePath):
        return [PATH, str(x).encode("utf-8", "surrogatepass")]
    raise Unflattable(t.__name__)


def unflat(x: Any) -> Any:
    t = type(x)
    if t is bytes:
        return x.decode("utf-8", "surrogatepass")
    if t is tuple:
        return tuple([v.decode("utf-8", "surrogatepass") if type(v) is bytes else unflat(v) for v in x])
    if t is not list:
        return x
    tag = x[0]
    if tag >= 0:
        cls = RECORDS[tag]
        out = object.__new__(cls)
        names = _NAMES[cls]
        if len(x) != len(names) + 1:
            raise pickle.UnpicklingError(f"{cls.__name__}: {len(x) - 1} fields")
        put = object.__setattr__
        for name, v in zip(names, x[1:]):
            put(out, name, v.decode("utf-8", "surrogatepass") if type(v) is bytes else unflat(v))
        return out
    if tag == DATE:
        return dt.date.fromordinal(x[1])
    if tag == BYTES and type(x[1]) is bytes:
        return x[1]
    if tag == DICT:
        return dict(map(unflat, x[1:]))
    if tag == MARKUP:
        return Markup(x[1].decode("utf-8", "surrogatepass"))
    if tag == PATH:
        return Path(x[1].decode("utf-8", "surrogatepass"))
    raise pickle.UnpicklingError(f"tag {tag}")


class Table:
    """Rows written to `fh` BATCH at a time (a pickle each, its memo cleared: nothing held),
    for `dispatch` (a Pickler's dispatch_table); `close` writes the last batch."""

    BATCH = 512

    def __init__(self, fh: BinaryIO) -> None:
        self.pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.batch: list = []
        self.count = self.batches = 0

    def reduce(self, record: Any) -> tuple:
        try:
            row = flat(record)
        except Unflattable:
            return record.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        self.batch.append(row)
        if len(self.batch) == self.BATCH:
            self.close()
        self.count += 1
        return _row, (self.count - 1,)

    def close(self) -> None:
        if self.batch:
            self.pickler.dump(self.batch)
            self.pickler.clear_memo()
            self.batch = []
            self.batches += 1

    def dispatch(self) -> dict[type, Callable[[Any], tuple]]:
        return {cls: self.reduce for cls in TABLED}


class _RowUnpickler(pickle.Unpickler):
    """A row is builtins only: any class named is a crafted file."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name}")


def read_rows(fh: BinaryIO, count: int, end: int) -> list[Any]:
    """`count` rows from fh's place, in batches (Table), which must end at `end`."""
    rows: list[Any] = []
    while len(rows) < count:
        # An unpickler per batch: one keeps its memo from load to load, where the Table's
        # pickler clears its own after each batch, so the next batch's numbers would name
        # the last one's objects.
        batch = _RowUnpickler(fh).load()
        if type(batch) is not list or not batch or len(rows) + len(batch) > count:
            raise pickle.UnpicklingError("not a batch of rows")
        rows += map(unflat, batch)
    if fh.tell() != end:
        raise pickle.UnpicklingError("the rows do not end where the table does")
    return rows


def load_with(rows: list[Any], load: Callable[[], Any]) -> Any:
    """load() (an unpickler's) with `_row` reading `rows`."""
    _LOADING.append(rows)
    try:
        return load()
    finally:
        _LOADING.pop()


def _row(n: int) -> Any:
    """The big pickle's stand-in for row n of the table being loaded."""
    if type(n) is not int or not _LOADING or not 0 <= n < len(_LOADING[-1]):
        raise pickle.UnpicklingError("no such row")
    return _LOADING[-1][n]
