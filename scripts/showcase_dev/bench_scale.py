"""Scale table for issue 14: `showcase check` (cold, warm) and `showcase build` (cold, --full) at N profiles.

    PYTHONPATH=scripts .venv/bin/python -m showcase_dev.bench_scale 10000 50000 [--no-build]

Each size gets a synthetic tree (showcase_dev.synth, 40 photos) in a temporary folder; every
command runs in a fresh process through bench.run_usage, which reports the command's own wall,
CPU (user + sys, workers included) and peak RSS. On a loaded machine CPU seconds are the
comparable figure. Targets: check at 50,000 ≤ 5× its CPU at 10,000; build peak ≤ 1.5 GB.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from showcase_dev.bench import Usage, run_usage
from showcase_dev.synth import generate_tree

PEAK_MB = 1536
CHECK_RATIO = 5.0
SHOWCASE = str(Path(sys.executable).with_name("showcase"))


def measure(n: int, build: bool) -> dict[str, Usage]:
    """A cold build (.cache empty: the highest peak, as its check writes every record to the
    cache), check cold (SHOWCASE_NO_CACHE), check warm (the cache filled), build --full."""
    with tempfile.TemporaryDirectory(prefix=f"showcase-scale-{n}-") as tmp:
        root = Path(tmp)
        generate_tree(root, n, photos=40)
        env = dict(os.environ)
        out = {"build cold": run_usage([SHOWCASE, "build"], root, env)} if build else {}
        out["check cold"] = run_usage([SHOWCASE, "check"], root, {**env, "SHOWCASE_NO_CACHE": "1"})
        if not build:  # the build filled .cache/check already
            run_usage([SHOWCASE, "check"], root, env)
        out["check warm"] = run_usage([SHOWCASE, "check"], root, env)
        if build:
            out["build --full"] = run_usage([SHOWCASE, "build", "--full"], root, env)
        return out


def table(results: dict[int, dict[str, Usage]]) -> str:
    lines = [f"{'N':>7} {'what':<13} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} exit"]
    for n, rows in results.items():
        for what, u in rows.items():
            lines.append(f"{n:>7} {what:<13} {u.wall:>8.1f} {u.cpu:>8.1f} {u.mb:>8.0f} {u.code}")
    return "\n".join(lines)


def verdicts(results: dict[int, dict[str, Usage]]) -> list[str]:
    out = []
    sizes = sorted(results)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        for what in ("check cold", "check warm"):
            ratio = results[hi][what].cpu / max(results[lo][what].cpu, 1e-9)
            wall = results[hi][what].wall / max(results[lo][what].wall, 1e-9)
            allowed = CHECK_RATIO * (hi / lo) / 5  # 5× the time at 5× the profiles
            out.append(f"{what}: CPU {hi} / {lo} = {ratio:.1f}×, wall {wall:.1f}× (target ≤ {allowed:.1f}×)")
    for n, rows in results.items():
        for what in ("build cold", "build --full"):
            if what in rows:
                mb = rows[what].mb
                out.append(f"{what} at {n}: peak {mb:.0f} MB "
                           f"({'within' if mb <= PEAK_MB else 'over'} {PEAK_MB} MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m showcase_dev.bench_scale")
    p.add_argument("sizes", type=int, nargs="+")
    p.add_argument("--no-build", action="store_true", help="only the check rows")
    args = p.parse_args(argv)
    results = {n: measure(n, not args.no_build) for n in args.sizes}
    print(table(results))
    print("\n".join(verdicts(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
