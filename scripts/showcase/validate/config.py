"""mkdocs.yml is code: only the tags, plugins, hooks and Markdown extensions we allow.

A YAML tag such as `!!python/object/apply:os.system`, a plugin or a hook runs Python
while the site is built; `extra_javascript` from another host runs in every reader's
browser. The allow-list is `mkdocs_allowed.yaml` beside this module (code, reviewed by
maintainers). We compose nodes only: nothing in the file is constructed or run here.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from showcase.core.problems import Problems

ALLOWED_FILE = Path(__file__).with_name("mkdocs_allowed.yaml")
ALLOWED_SHOWN = "scripts/showcase/validate/mkdocs_allowed.yaml"
_CORE = "tag:yaml.org,2002:"
_PLAIN = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}
ASK = (f"nếu thật sự cần, người bảo trì mã nguồn thêm vào {ALLOWED_SHOWN} trong một pull request "
       "riêng.")

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@lru_cache(maxsize=1)
def allowed() -> dict:
    return yaml.safe_load(ALLOWED_FILE.read_text(encoding="utf-8"))


def check_mkdocs(root: Path, problems: Problems) -> None:
    path = root / "mkdocs.yml"
    if not path.exists():
        return  # MkDocs itself says so; trees without a site (tests of one stage) have none
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.error(path, (mark.line + 1, mark.column + 1) if mark else (1, 1),
                       f"mkdocs.yml không đọc được: {getattr(exc, 'problem', exc)}.")
        return
    if not isinstance(node, yaml.MappingNode):
        problems.error(path, (1, 1), "mkdocs.yml phải là một bảng 'khóa: giá trị'.")
        return
    rules = allowed()
    for where, tagged in _tagged(node, ""):
        _check_tag(path, where, tagged, rules, problems)
    top = _mapping(node)
    if "INHERIT" in top:
        problems.error(path, _mark(top["INHERIT"][0]), "INHERIT: mkdocs.yml không được kế thừa tệp "
                       "cấu hình khác (tệp đó sẽ không được kiểm tra); hãy chép cấu hình vào mkdocs.yml.")
    for key, what in (("plugins", "plugin"), ("hooks", "hook"),
                      ("markdown_extensions", "phần mở rộng Markdown")):
        if key in top:
            _check_names(path, key, what, top[key][1], rules[key], problems)
    for key in ("extra_javascript", "extra_css"):
        if key in top:
            _check_local(path, key, top[key][1], problems)
    _check_fixed(path, top, rules["fixed"], problems)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key text → (key node, value node) of a mapping node; {} for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _tagged(node: yaml.Node, where: str, seen: set[int] | None = None) -> Iterator[tuple[str, yaml.Node]]:
    """Every node with an explicit tag of its own, with its key path; each node once
    (an alias may point back at its own anchor)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if node.tag not in _PLAIN:
        yield where or "mkdocs.yml", node
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _tagged(k, where, seen)
            yield from _tagged(v, f"{where}.{k.value}" if where else str(k.value), seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _tagged(item, f"{where}[{i + 1}]", seen)


def _shown(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _check_tag(path: Path, where: str, node: yaml.Node, rules: dict, problems: Problems) -> None:
    tag = _shown(node.tag)
    if tag not in rules["tags"]:
        problems.error(path, _mark(node), f"{where}: thẻ YAML '{tag}' không được phép trong "
                       f"mkdocs.yml (được phép: {', '.join(rules['tags'])}). Thẻ YAML có thể chạy mã "
                       f"Python khi dựng trang; {ASK}")
    elif tag == "!ENV":
        names = [node.value] if isinstance(node, yaml.ScalarNode) else \
            [n.value for n in node.value[:-1]] if isinstance(node, yaml.SequenceNode) else []
        for name in (n for n in names if n not in rules["env_variables"]):
            problems.error(path, _mark(node), f"{where}: !ENV chỉ được đọc biến môi trường "
                           f"{', '.join(rules['env_variables'])}, không được đọc '{name}' (biến môi "
                           f"trường của CI có thể chứa bí mật); {ASK}")


def _entries(node: yaml.Node) -> Iterator[tuple[str, yaml.Node]]:
    """Names in a list of names / one-key mappings, or the keys of a mapping (MkDocs takes all)."""
    if isinstance(node, yaml.MappingNode):
        yield from ((str(k.value), k) for k, _ in node.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                yield str(item.value), item
            else:
                yield from _entries(item)
    elif isinstance(node, yaml.ScalarNode) and node.value:
        yield str(node.value), node


def _check_names(path: Path, key: str, what: str, node: yaml.Node, allowed_names: list[str],
                 problems: Problems) -> None:
    shown = ", ".join(allowed_names) or "không có"
    for name, at in _entries(node):
        if name not in allowed_names:
            problems.error(path, _mark(at), f"{key}: {what} '{name}' không nằm trong danh sách cho "
                           f"phép ({shown}). {what[0].upper() + what[1:]} chạy mã khi dựng trang; {ASK}")


def _check_local(path: Path, key: str, node: yaml.Node, problems: Problems) -> None:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:  # a file name, or (MkDocs 1.5+) a mapping with `path:`
        at = _mapping(item)["path"][1] if "path" in _mapping(item) else item
        name = str(at.value) if isinstance(at, yaml.ScalarNode) else ""
        if "//" in name or ":" in name.split("/", 1)[0]:
            problems.error(path, _mark(at), f"{key}: '{name}' tải từ máy chủ khác; mọi tệp script "
                           "và định dạng phải nằm trong theme_overrides/ (không yêu cầu nào ra "
                           "ngoài trang).")


def _check_fixed(path: Path, top: dict, fixed: dict[str, str], problems: Problems) -> None:
    for dotted, expected in fixed.items():
        first, _, second = dotted.partition(".")
        pair = top.get(first)
        if pair and second:
            pair = _mapping(pair[1]).get(second)
        value = pair[1].value if pair and isinstance(pair[1], yaml.ScalarNode) else None
        if str(value).lower() != str(expected).lower():
            problems.error(path, _mark(pair[1]) if pair else (1, 1), f"{dotted}: phải là "
                           f"'{expected}' (đang là '{value if value is not None else 'không có'}'); "
                           f"các bước kiểm tra khác dựa vào giá trị này; {ASK}")
