"""Vocabularies (allow-lists) read from exemplars/vocab/*.yaml, and the name lists of the
registries (units, movements), so an editor may write a name wherever an id is expected."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from showcase.load.documents import load_yaml
from showcase.core.problems import Problems
from showcase.core.model import Movement, Unit
from showcase.core.vi import fold

VOCAB_DIR = Path("exemplars") / "vocab"


@dataclass
class Vocab:
    """Terms by id; editors may write the id, the label or an alias, in any case or accents."""

    name: str
    source: str
    labels: dict[str, str] = field(default_factory=dict)
    extra: dict[str, dict] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    _lookup: dict[str, str] = field(default_factory=dict)
    _seen: dict[str, str | None] = field(default_factory=dict)
    _every: dict[str, list[str]] = field(default_factory=dict)  # a spelling → all its terms

    def add(self, term_id: str, label: str, aliases: list[str], extra: dict) -> None:
        self.labels[term_id] = label
        self.extra[term_id] = extra
        self.aliases.extend(aliases)
        for word in (term_id, label, *aliases):
            key = _key(word)
            self._lookup.setdefault(key, term_id)
            terms = self._every.setdefault(key, [])
            if term_id not in terms:
                terms.append(term_id)

    def resolve(self, value: str) -> str | None:
        try:  # editors repeat the same spellings: fold each one once per run
            return self._seen[value]
        except KeyError:
            term = self._seen[value] = self._lookup.get(_key(value))
            return term

    def matches(self, value: str) -> list[str]:
        """Every term spelt `value`: two units may share a name (Sông Ray before and after 2025)."""
        return list(self._every.get(_key(value), ()))

    def near(self, value: str, limit: int = 2) -> list[str]:
        """Terms whose id, label or alias is closest to a misspelt value, best first."""
        keys = difflib.get_close_matches(_key(value), list(self._every), n=limit * 2, cutoff=0.75)
        return list(dict.fromkeys(t for k in keys for t in self._every[k]))[:limit]

    def describe(self, term_id: str) -> str:
        """'id' (label, when): how a message names a term the editor should write."""
        when = self.extra.get(term_id, {}).get("when")
        return f"'{term_id}' ({self.labels[term_id]}" + (f", {when})" if when else ")")

    def suggest(self, value: str) -> str | None:
        """The label closest to a misspelt value, compared without accents."""
        folded = {fold(label): label for label in self.labels.values()}
        match = difflib.get_close_matches(fold(value).strip(), list(folded), n=1, cutoff=0.6)
        return folded[match[0]] if match else None

    def choices(self, limit: int = 8) -> str:
        names = list(self.labels.values())
        more = f" (và {len(names) - limit} mục khác trong {self.source})" if len(names) > limit else ""
        return ", ".join(f"'{n}'" for n in names[:limit]) + more


def _key(word: str) -> str:
    """Compared without case, accents or repeated spaces; '-' counts as a space."""
    return " ".join(fold(word).replace("-", " ").split())


_UNIT_PREFIX = re.compile(r"^(?:xa|thi tran|phuong) ")  # "Xuân Đường" for "Xã Xuân Đường"


def unit_names(units: Mapping[str, Unit]) -> Vocab:
    """Units by name, the name without 'Xã'/'Thị trấn', and the id; dates tell twins apart."""
    vocab = Vocab("units", "exemplars/units.yaml")
    for u in units.values():
        short = _UNIT_PREFIX.sub("", _key(u.name))
        when = (f"từ {u.valid_from:%d/%m/%Y}" if u.valid_from else "") + \
            (" " if u.valid_from and u.valid_to else "") + \
            (f"đến {u.valid_to:%d/%m/%Y}" if u.valid_to else "")
        vocab.add(u.id, u.name, [short] if short != _key(u.name) else [], {"when": when})
    return vocab


def movement_names(movements: Mapping[str, Movement] | Iterable[Movement]) -> Vocab:
    """Movements by title and by their id read as words ('nông thôn mới' for nong-thon-moi)."""
    vocab = Vocab("movements", "content/phong-trao/")
    for m in (movements.values() if isinstance(movements, Mapping) else movements):
        vocab.add(m.id, m.title, [], {})
    return vocab


def load_vocabs(root: Path, problems: Problems) -> dict[str, Vocab]:
    vocabs: dict[str, Vocab] = {}
    for path in sorted((root / VOCAB_DIR).glob("*.yaml")):
        doc = load_yaml(path, problems)
        if doc is None:
            continue
        vocab = Vocab(path.stem, problems.rel(path))
        if not isinstance(doc.data, list):
            problems.error(path, doc.mark(), "Danh mục phải là một danh sách các mục '- id: ...'.")
            continue
        for i, item in enumerate(doc.data):
            if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
                problems.error(path, doc.mark(i), f"Mục thứ {i + 1} cần có 'id' và 'label'.")
                continue
            aliases = item.get("aliases") or []
            rest = {k: v for k, v in item.items() if k not in ("id", "label", "aliases")}
            vocab.add(str(item["id"]), str(item["label"]), [str(a) for a in aliases], rest)
        vocabs[vocab.name] = vocab
    return vocabs
