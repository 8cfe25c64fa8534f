"""False positives of the personal-data scan: how many text values of a tree it flags.

    python -m showcase_dev.privacy_fp [ROOT]            # the repository's samples
    python -m showcase_dev.privacy_fp --synthetic 10000  # a generated tree (synth.py)

Every value the check scans is scanned here the same way (check_doc on each exemplar and
page); on content that holds no personal data every finding is a false positive.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from showcase.core.problems import Problems
from showcase.load.documents import load_markdown, load_yaml
from showcase.load.vocab import load_vocabs
from showcase.validate import privacy
from showcase.validate.check import exemplar_files


def measure(root: Path) -> tuple[int, int, Counter, float]:
    """(values scanned, values flagged, findings by reason, CPU seconds of the scan)."""
    problems = Problems(root)
    vocabs = load_vocabs(root, problems)
    scanned = flagged = 0
    reasons: Counter = Counter()
    spent = 0.0
    values: list[str] = []
    pages = [load_markdown(p, problems) for p in sorted((root / "content").rglob("*.md"))]
    values += [body for _, body, _ in pages]  # page bodies, as check.load_pages scans them
    for doc in filter(None, [load_yaml(p, problems) for p in exemplar_files(root)] +
                      [doc for doc, _, _ in pages]):
        values += [v for _, name, v in privacy._walk(doc.data, (), "")
                   if v.__class__ is str and name not in privacy._NOT_PROSE]
    for value in values:
        start = time.process_time()
        found = privacy.scan_text(value, privacy.sensitive_from(vocabs))
        spent += time.process_time() - start
        scanned += 1
        flagged += bool(found)
        reasons.update(r for r, _, _ in found)
    return scanned, flagged, reasons, spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", type=Path, default=Path.cwd())
    ap.add_argument("--synthetic", type=int, metavar="N", help="scan N generated profiles instead")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.root
        if args.synthetic:
            from showcase_dev.synth import generate_tree
            root = Path(tmp)
            generate_tree(root, args.synthetic)
        scanned, flagged, reasons, spent = measure(root)
    rate = flagged / scanned if scanned else 0.0
    print(f"{scanned} giá trị chữ, {flagged} bị báo ({rate:.3%}); quét {spent:.2f} s CPU")
    for reason, n in reasons.most_common():
        print(f"  {n:6d}  {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
