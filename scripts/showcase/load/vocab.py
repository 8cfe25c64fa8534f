"""Vocabularies (allow-lists) read from exemplars/vocab/*.yaml."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from showcase.load.documents import load_yaml
from showcase.core.problems import Problems
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

    def add(self, term_id: str, label: str, aliases: list[str], extra: dict) -> None:
        self.labels[term_id] = label
        self.extra[term_id] = extra
        self.aliases.extend(aliases)
        for word in (term_id, label, *aliases):
            self._lookup.setdefault(fold(word).strip(), term_id)

    def resolve(self, value: str) -> str | None:
        try:  # editors repeat the same spellings: fold each one once per run
            return self._seen[value]
        except KeyError:
            term = self._seen[value] = self._lookup.get(fold(value).strip())
            return term

    def suggest(self, value: str) -> str | None:
        """The label closest to a misspelt value, compared without accents."""
        import difflib
        folded = {fold(label): label for label in self.labels.values()}
        match = difflib.get_close_matches(fold(value).strip(), list(folded), n=1, cutoff=0.6)
        return folded[match[0]] if match else None

    def choices(self, limit: int = 8) -> str:
        names = list(self.labels.values())
        more = f" (và {len(names) - limit} mục khác trong {self.source})" if len(names) > limit else ""
        return ", ".join(f"'{n}'" for n in names[:limit]) + more


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
