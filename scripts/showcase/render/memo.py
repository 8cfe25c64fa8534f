"""Memos for a warm `showcase serve`, which re-runs pipeline.generate on every save (issue 14).

A Memo keeps the results of the latest run only: `start()` opens a run, and an entry not
asked for since is gone at the next start, so memory holds one site's worth however many
saves a session sees. Keys hold the values a result is made from (never a path's mtime,
an absolute path or a host): a key equal to an earlier one gives byte-identical output,
which tests/test_render_memo.py checks against a cold run.

A module `persist`s its memos and the state around them; `showcase build` saves `states()`
with the incremental state and a new process `restore`s them before generate (CI's merge:
publish/incremental.py), so it renders only what changed, like a warm `showcase serve`.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable, Collection, Generic, Hashable, TypeVar

from showcase.core.lists import same_run
from showcase.render.templates import fingerprint

V = TypeVar("V")
_MISSING = object()
_ALL: list["Memo"] = []


class Memo(Generic[V]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._old: dict[Hashable, V] = {}
        self._new: dict[Hashable, V] = {}
        self.hits = self.misses = 0
        _ALL.append(self)

    def start(self, keep: bool = False) -> None:
        """A new run: what the last run used stays available, everything older goes; with
        `keep`, every slot of `at` stays until `retain` drops it (its key still checks it)."""
        if keep:
            self._old.update(self._new)
            self._new = {}
        else:
            self._old, self._new = self._new, {}
        self.hits = self.misses = 0

    def carry(self) -> None:
        """Keep every entry of the last run for the next one: the caller knows this run
        would ask for all of them (and asks `at` only for those whose key may differ)."""
        self._old.update(self._new)
        self._new, self._old = self._old, {}

    def retain(self, ids: Collection[Hashable]) -> None:
        """Drop the slots (tuples whose first item is an id) whose id is not in `ids`."""
        for entries in (self._old, self._new):
            for slot in [slot for slot in entries if slot[0] not in ids]:
                del entries[slot]

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        value = self._new.get(key, _MISSING)
        if value is _MISSING:
            value = self._old.pop(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                value = make()
            else:
                self.hits += 1
            self._new[key] = value
        return value  # type: ignore[return-value]

    def at(self, slot: Hashable, key: object, make: Callable[[], V]) -> V:
        """One entry per `slot` (an id, a URI: cheap to hash), valid while its `key` is equal:
        a tuple of the same key objects compares by identity, with no hashing at all."""
        entry = self._new.get(slot)
        if entry is None:
            entry = self._old.pop(slot, None)
        if entry is not None and entry[0] == key:
            self.hits += 1
        else:
            self.misses += 1
            entry = (key, make())
        self._new[slot] = entry  # type: ignore[assignment]
        return entry[1]  # type: ignore[index]

    def find(self, key: Hashable) -> V | None:
        """The value if known (kept for the next run), else None: for results that must not
        be remembered when absent (a photo not yet processed)."""
        value = self._new.get(key, _MISSING)
        if value is _MISSING:
            value = self._old.pop(key, _MISSING)
            if value is _MISSING:
                return None
            self._new[key] = value
        return value  # type: ignore[return-value]

    def put(self, key: Hashable, value: V) -> None:
        self._new[key] = value

    def clear(self) -> None:
        self._old, self._new = {}, {}

    def __len__(self) -> int:
        return len(self._new)

    def values(self) -> list[V]:
        """Every value held (of `get` and `put`; `at` holds (key, value) pairs)."""
        return [*self._old.values(), *self._new.values()]

    def __getstate__(self) -> dict:
        return {"name": self.name, "_old": self._old, "_new": self._new}

    def __setstate__(self, state: dict) -> None:
        """A memo made in another process (one held in a dict: the years' review entries):
        registered, so clear_all forgets it too."""
        self.__dict__.update(state, hits=0, misses=0)
        _ALL.append(self)


class Column(Generic[V]):
    """Values for a run's list of keys, from the latest run's list by place: keys that are
    the same objects (exemplar_keys hands back an unchanged exemplar's key object) at the
    head and the tail keep their values, found by C-level identity comparisons instead of a
    memo lookup per item; the span between is matched by key (a move) or made. `context`
    holds what every value also depends on: another context makes everything again."""

    def __init__(self) -> None:
        self._context: object = None
        self._keys: list = []
        self._values: list[V] = []
        _ALL.append(self)  # type: ignore[arg-type]

    def values(self, context: object, keys: list, make: Callable[[int], V]) -> list[V]:
        old_keys, old_values = (self._keys, self._values) if context == self._context else ([], [])
        n, m = len(keys), len(old_keys)
        head = same_run(keys, old_keys)
        tail = same_run(keys[head:][::-1], old_keys[head:][::-1])  # never overlaps the head
        known = dict(zip(old_keys[head:m - tail], old_values[head:m - tail]))
        middle = [known[k] if k in known else make(i) for i, k in enumerate(keys[head:n - tail], head)]
        values = old_values[:head] + middle + old_values[m - tail:]
        self._context, self._keys, self._values = context, list(keys), values
        return values

    def clear(self) -> None:
        self._context, self._keys, self._values = None, [], []


class Frozen:
    """A key part with its hash computed once: a frozen dataclass hashes every field at every
    lookup, and one exemplar is looked up by a dozen list pages per run. Equal when the
    values are equal (identity first, so the warm process compares nothing twice)."""

    __slots__ = ("value", "_hash", "derived")

    def __init__(self, value: Hashable) -> None:
        self.value = value
        self._hash = hash(value)
        self.derived: dict = {}  # values computed from `value` alone, kept with it

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frozen) and (self.value is other.value or (
            self._hash == other._hash and self.value == other.value))

    def __reduce__(self) -> tuple:
        # The hash is not pickled: a new process hashes strings with another seed.
        return _frozen, (self.value, self.derived)


def _frozen(value: Hashable, derived: dict) -> Frozen:
    out = Frozen(value)
    out.derived = derived
    return out


_LAST: list = [None, {}]  # the latest catalogue and its exemplars' keys


def exemplar_keys(catalog: Any) -> dict[str, Frozen]:
    """Frozen(e) for each exemplar of `catalog`, by id, made once per catalogue; an exemplar
    equal to the previous catalogue's keeps that key object, so every stage's memo compares
    it by identity (one field-by-field comparison per exemplar and run)."""
    if _LAST[0] is catalog:
        return _LAST[1]
    old, keys = _LAST[1], {}
    for e in catalog.exemplars:
        found = old.get(e.id)
        if found is not None and found.value is not e:
            found = adopt(found, e)
        keys[e.id] = found if found is not None else Frozen(e)
    _LAST[:] = [catalog, keys]
    return keys


def adopt(found: Frozen, value: Hashable) -> Frozen | None:
    """`found` holding `value` itself when they are equal, else None: a key object loaded from
    the last build's memos (load) holds an equal copy, which every later comparison of this
    run would compare field by field instead of by identity."""
    if found.value != value:
        return None
    found.value = value
    return found


_TOKEN: list = [None, ""]  # the latest catalogue and its token


def site_token(catalog: Any) -> str:
    """A hash of what any page or output may read besides its own exemplars: the templates
    (by content), the settings (the root aside), vocabulary labels, units and movements.
    Part of every render memo's key: a change to any of them redoes everything, exact and rare."""
    if _TOKEN[0] is catalog:
        return _TOKEN[1]
    c = catalog
    settings = {k: v for k, v in c.settings.__dict__.items() if k != "root"}
    token = digest(fingerprint(c.settings.root), settings, sorted((n, v.labels) for n, v in c.vocabs.items()),
                   tuple(c.units.values()), tuple(c.movements.values()))
    _TOKEN[:] = [catalog, token]
    return token


def clear_all() -> None:
    """Forget every memo (a test's cold run in the same process)."""
    for memo in _ALL:
        memo.clear()
    _LAST[:] = [None, {}]
    _TOKEN[:] = [None, ""]
    for hook in clear_hooks:
        hook()


def clear_unkept() -> None:
    """Forget the memos that no saved state keeps (`persist`): a build runs generate once,
    and only the next process reads the kept ones. Today that is the cards' markup (~48 MB at
    10,000 profiles), held to the end of the build before."""
    kept = {id(c) for containers in _KEPT.values() for c in containers}
    for memo in _ALL:
        if id(memo) not in kept:
            memo.clear()


clear_hooks: list[Callable[[], None]] = []  # other caches' clear functions (the stories)


def digest(*parts: object) -> str:
    """A short content hash of values with a stable repr (strings, numbers, frozen dataclasses,
    tuples, dicts in insertion order): for keys that must also hold in a fresh process."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


# ---- the memos across processes (CI's merge: `showcase build` in a new process) ----------------

_KEPT: dict[str, tuple] = {}  # name → a module's containers, in the order it registered them
_CHECKS: list[Callable[[], bool]] = []  # after a restore: does what the memos name still exist?


def persist(name: str, *containers: object, check: Callable[[], bool] | None = None) -> None:
    """Containers (Memo, Column, dict, list, set, Kept, or an object keeping its state in _old
    and _new) that `states` gives to the saved state and `restore` fills in place. They are
    pickled together, so an object two of them share (an exemplar's key object) is one object
    again after `restore`. `check` says whether the restored entries still hold outside the
    process (cached files they name): False forgets every memo."""
    _KEPT[name] = containers
    if check is not None:
        _CHECKS.append(check)


def states() -> dict[str, list]:
    """What every persisted container holds, for the build's saved state (one pickle)."""
    return {name: [_state(c) for c in cs] for name, cs in _KEPT.items()}


def cold() -> bool:
    """Nothing run in this process yet (or everything cleared): `restore` may fill the memos."""
    return not _LAST[1]


def restore(saved: object) -> bool:
    """Fill every persisted container from an unpickled `states()`, or change nothing and say
    False when it does not fit what is registered (another version's layout, a crafted file)."""
    fits = isinstance(saved, dict) and saved.keys() == _KEPT.keys() and all(
        isinstance(saved[n], list) and len(saved[n]) == len(cs) and
        all(_fits(c, s) for c, s in zip(cs, saved[n])) for n, cs in _KEPT.items())
    if not fits:
        return False
    for name, containers in _KEPT.items():
        for c, s in zip(containers, saved[name]):  # type: ignore[index]
            _assign(c, s)
    if not all(check() for check in _CHECKS):
        clear_all()
        return False
    return True


class Kept:
    """A persisted value read and set through functions (part of a container, say)."""

    def __init__(self, get: Callable[[], object], put: Callable[[Any], None], kind: type) -> None:
        self.get, self.put, self.kind = get, put, kind


def _state(c: object) -> object:
    if isinstance(c, Kept):
        return c.get()
    if isinstance(c, Column):
        return (c._context, c._keys, c._values)
    if isinstance(c, (dict, list, set)):
        return c
    return (c._old, c._new)  # type: ignore[attr-defined]


def _fits(c: object, s: object) -> bool:
    if isinstance(c, Kept):
        return type(s) is c.kind
    if isinstance(c, Column):
        return isinstance(s, tuple) and len(s) == 3 and isinstance(s[1], list) and isinstance(s[2], list)
    if isinstance(c, (dict, list, set)):
        return type(s) is type(c)
    return isinstance(s, tuple) and len(s) == 2 and all(isinstance(x, dict) for x in s)


def _assign(c: Any, s: Any) -> None:
    if isinstance(c, Kept):
        c.put(s)
    elif isinstance(c, Column):
        c._context, c._keys, c._values = s
    elif isinstance(c, list):
        c[:] = s
    elif isinstance(c, (dict, set)):
        c.clear()
        c.update(s)
    else:
        c._old, c._new = s


# The exemplars' key objects, without the catalogue: the next catalogue's equal exemplars adopt them.
persist("memo", Kept(lambda: _LAST[1], lambda keys: _LAST.__setitem__(slice(None), [None, keys]), dict))
