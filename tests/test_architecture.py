"""The import contract: each stage imports only the stages before it, and only the engine
adapter imports the engine. Read from the source (AST), so imports inside functions count too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
PACKAGE = SCRIPTS / "showcase"
LAYERS = ("core", "load", "validate", "catalog", "render", "outputs", "editor", "publish", "cli")
DEV = "showcase_dev"  # dev tools outside the package: they may import anything
ENGINES = ("mkdocs", "properdocs", "material")
ENGINE_ADAPTER = "showcase/publish/engine.py"
DELIBERATE = "deliberate"  # the comment that allows an import inside a function


def layer_of(module: str) -> int | None:
    """Layer index of a dotted module name ('showcase.render.pages' → render), None if outside."""
    parts = module.split(".")
    if parts[0] != "showcase" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def imports(path: Path, scripts: Path) -> list[tuple[int, list[str], bool]]:
    """(line, imported module names, inside a function?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inside.update(id(n) for n in ast.walk(fn) if n is not fn)
    package = path.relative_to(scripts).parent.parts
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..core import y
                base = ".".join([*package[:len(package) - node.level + 1], *([base] if base else [])])
            # `from showcase import catalog` imports the module showcase.catalog
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        else:
            continue
        out.append((node.lineno, names, id(node) in inside))
    return out


def upward_imports(scripts: Path) -> list[str]:
    bad = []
    for path in sorted((scripts / "showcase").rglob("*.py")):
        rel = path.relative_to(scripts)
        own = layer_of(".".join(rel.with_suffix("").parts))
        for line, names, _ in imports(path, scripts):
            for name in names:  # the first offending name of each import statement
                target = layer_of(name)
                if own is not None and target is not None and target > own:
                    bad.append(f"{rel.as_posix()}:{line}: {LAYERS[own]} imports {name}")
                    break
    return bad


def hidden_imports(scripts: Path) -> list[str]:
    bad = []
    for path in sorted((scripts / "showcase").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, names, inside in imports(path, scripts):
            if inside and DELIBERATE not in lines[line - 1]:
                bad.append(f"{path.relative_to(scripts).as_posix()}:{line}: {names[0]}")
    return bad


def test_every_module_belongs_to_a_layer() -> None:
    """A renamed or new top-level folder would otherwise sit outside the contract."""
    outside = [p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*.py"))
               if p.relative_to(PACKAGE).parts[0].removesuffix(".py") not in (*LAYERS, "__init__")]
    assert outside == []


def test_no_stage_imports_a_later_stage() -> None:
    assert upward_imports(SCRIPTS) == []


def test_imports_inside_functions_are_commented_as_deliberate() -> None:
    """Imports hidden in functions hid a cycle of 13 modules; each one left says why."""
    assert hidden_imports(SCRIPTS) == []


def test_only_the_adapter_imports_the_engine() -> None:
    bad = []
    for path in sorted([*PACKAGE.rglob("*.py"), *(SCRIPTS / DEV).rglob("*.py")]):
        rel = path.relative_to(SCRIPTS).as_posix()
        for line, names, _ in imports(path, SCRIPTS):
            if rel != ENGINE_ADAPTER and any(n.split(".")[0] in ENGINES for n in names):
                bad.append(f"{rel}:{line}: {names[0]}")
    assert bad == []


@pytest.mark.parametrize("source, expected", [
    ("from showcase.publish import pipeline\n", ["showcase/core/x.py:1: core imports showcase.publish"]),
    ("import os\n\n\ndef f():\n    from showcase.render.pages import url_of\n",
     ["showcase/core/x.py:5: core imports showcase.render.pages"]),
    ("from showcase import catalog\n", ["showcase/core/x.py:1: core imports showcase.catalog"]),
    ("from ..publish import build\n", ["showcase/core/x.py:1: core imports showcase.publish"]),
    ("from showcase.core import vi\n", []),
])
def test_the_checker_catches_an_upward_import(tmp_path: Path, source: str, expected: list[str]) -> None:
    (tmp_path / "showcase" / "core").mkdir(parents=True)
    (tmp_path / "showcase" / "core" / "x.py").write_text(source, encoding="utf-8")
    assert upward_imports(tmp_path) == expected


def test_the_checker_catches_a_hidden_import(tmp_path: Path) -> None:
    (tmp_path / "showcase" / "core").mkdir(parents=True)
    (tmp_path / "showcase" / "core" / "x.py").write_text(
        "def f():\n    import json\n\n\ndef g():\n    import yaml  # deliberate: optional\n", encoding="utf-8")
    assert hidden_imports(tmp_path) == ["showcase/core/x.py:2: json"]
