"""YAML written the way an editor writes it: block style, field order kept, quotes only where needed."""
from __future__ import annotations

import re


def to_yaml(data: dict, header: str = "") -> str:
    """Block YAML as an editor would write it; used by `showcase new` too."""
    lines = header.splitlines()
    for key, value in data.items():
        lines.extend(_emit(key, value, ""))
    return "\n".join(lines) + "\n"


def _emit(key: str, value, indent: str) -> list[str]:
    if isinstance(value, str) and "\n" in value:
        body = [f"{indent}  {line}" if line else "" for line in value.rstrip("\n").split("\n")]
        return [f"{indent}{key}: |", *body]
    if isinstance(value, str):
        return [f"{indent}{key}: {_q(value)}"]
    if isinstance(value, dict):
        return [f"{indent}{key}:", *[x for k, v in value.items() for x in _emit(k, v, indent + "  ")]]
    if value and all(isinstance(v, str) for v in value):
        return [f"{indent}{key}: [{', '.join(_q(v, flow=True) for v in value)}]"]
    out = [f"{indent}{key}:"]
    for item in value:
        sub = [x for k, v in item.items() for x in _emit(k, v, indent + "    ")]
        out.append(f"{indent}  - " + sub[0].lstrip())
        out.extend(sub[1:])
    return out


_PLAIN = re.compile(r"""[^\s\-?:,\[\]{}#&*!|>'"%@`][^:#]*""")


def _q(text: str, flow: bool = False) -> str:
    """Plain like an editor would type, quoted only where YAML needs it."""
    if _PLAIN.fullmatch(text) and text == text.strip() and not (flow and "," in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
