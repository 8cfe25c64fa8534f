"""axe-core for the browser tests: installed from npm into tests/a11y/node_modules on first use.

Pinned so a new axe release cannot turn the suite red overnight; bump AXE_VERSION on purpose.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

AXE_VERSION = "4.11.0"
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _installed_version() -> str | None:
    pkg = AXE_JS.parent / "package.json"
    return json.loads(pkg.read_text(encoding="utf-8")).get("version") if pkg.exists() else None


def axe_script() -> Path:
    """Path of axe.min.js at the pinned version; installs it with npm when missing."""
    if AXE_JS.exists() and _installed_version() == AXE_VERSION:
        return AXE_JS
    npm = shutil.which("npm")
    problem = "npm is missing" if not npm else None
    if npm:
        r = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(HERE),
                            f"axe-core@{AXE_VERSION}"], capture_output=True, text=True, timeout=300)
        if r.returncode == 0 and _installed_version() == AXE_VERSION:
            return AXE_JS
        problem = f"npm install axe-core@{AXE_VERSION} failed: {r.stderr.strip()[-500:]}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{problem}: accessibility tests must run under CI=true")
    pytest.skip(problem)


def run_axe(page) -> list[dict]:
    """Inject axe into a Playwright page and return its serious and critical violations."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
    }""")
    return [v for v in result if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
                     for v in violations)
