"""Nothing under exemplars/ or content/ is silently skipped: a file the check or the site
would never use is reported where it is.

Profiles are read from exemplars/<unit>/<name>.yaml only. Any other YAML there (top
level, a subfolder, `.yml`, `.YAML`, `index.yaml`) would be a profile that never appears,
so it is an error. MkDocs leaves out pages whose path has a part starting with '.' and the
top-level templates/ folder (its default exclude_docs): such a page is reported too.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from showcase.core.problems import Problems
from showcase.validate import photos as photos_check

RESERVED_DIRS = frozenset({"vocab", "schema"})  # folders of exemplars/ that are not units
TOP_FILES = frozenset({"units.yaml", "reporting.yaml", "mau-ho-so.yaml"})  # their own loaders
NOT_A_PROFILE = frozenset({"index.yaml"})  # its page would be the section index /dien-hinh/
PROFILE_HOME = "exemplars/<mã đơn vị>/"


def is_profile_file(path: Path) -> bool:
    """exemplars/<unit>/<name>.yaml, as exemplar_files() globs it, minus reserved names."""
    return path.name not in NOT_A_PROFILE


def check_stray(path: Path, parts: tuple[str, ...], is_dir: bool, problems: Problems) -> None:
    """One entry of exemplars/ (`parts` below it): report it when nothing would read it."""
    yaml_like = path.suffix.lower() in (".yaml", ".yml")
    if is_dir:
        if len(parts) == 2 and parts[0] not in RESERVED_DIRS:
            problems.warn(path, (1, 1), "Thư mục con trong thư mục đơn vị không được đọc: hãy đặt hồ "
                          f"sơ và ảnh trực tiếp trong {PROFILE_HOME}.")
        return
    if parts[0] in RESERVED_DIRS:
        if yaml_like and (parts[0] == "schema" or len(parts) > 2 or path.suffix != ".yaml"):
            problems.error(path, (1, 1), f"Tệp '{path.name}' nằm trong exemplars/{parts[0]}/ nên "
                           "không được đọc như hồ sơ: hồ sơ đặt trong " + PROFILE_HOME + ".")
        return
    message = _yaml_problem(path, parts) if yaml_like else _other_problem(path, parts)
    if message:
        severity, text = message
        problems.add(path, 1, 1, text, severity)


def _yaml_problem(path: Path, parts: tuple[str, ...]) -> tuple[str, str] | None:
    if path.suffix != ".yaml":  # .yml, .YAML, .Yaml: the glob reads '*.yaml' only
        return "error", (f"Tệp '{path.name}' có đuôi {path.suffix} nên không được đọc: hãy đổi tên "
                         f"thành '{path.stem.lower()}.yaml'.")
    if len(parts) == 1 and path.name not in TOP_FILES:
        return "error", (f"Tệp '{path.name}' nằm ngay trong exemplars/ nên không được đọc: hồ sơ "
                         f"phải đặt trong thư mục của đơn vị, {PROFILE_HOME}{path.name}.")
    if len(parts) > 2:
        return "error", (f"Tệp '{path.name}' nằm trong thư mục con nên không được đọc: hãy chuyển "
                         f"tệp lên {PROFILE_HOME} (exemplars/{parts[0]}/{path.name}).")
    if len(parts) == 2 and not is_profile_file(path):
        return "error", (f"Tệp '{path.name}' không được dùng làm hồ sơ: tên '{path.stem}' trùng "
                         "trang mục lục của trang web. Hãy đặt tên tệp theo tên người hoặc tập "
                         "thể, ví dụ 'nguyen-van-an.yaml'.")
    return None


def _other_problem(path: Path, parts: tuple[str, ...]) -> tuple[str, str] | None:
    if len(parts) > 2:
        return "warning", ("Thư mục con trong thư mục đơn vị không được đọc: hãy đặt hồ sơ và ảnh "
                           f"trực tiếp trong {PROFILE_HOME}.")
    if len(parts) == 2 and path.suffix.lower() not in photos_check.EXTENSIONS:
        return "warning", (f"Tệp '{path.name}' không phải hồ sơ (.yaml) hay ảnh (JPEG, PNG, WebP) "
                           "nên sẽ không được dùng; hãy xóa nếu không cần.")
    return None


def dropped_page(rel: PurePosixPath) -> str | None:
    """Why MkDocs leaves a page under content/ (path `rel` inside it) out of the site."""
    hidden = next((p for p in rel.parts if p.startswith(".")), None)
    if hidden is not None:
        return (f"Trang này không được đăng: MkDocs bỏ qua tệp và thư mục có tên bắt đầu bằng dấu "
                f"chấm ('{hidden}'). Hãy đổi tên bỏ dấu chấm đầu, hoặc xóa tệp nếu không cần.")
    if rel.parts[0] == "templates" and len(rel.parts) > 1:
        return ("Trang này không được đăng: MkDocs bỏ qua thư mục content/templates/. Hãy chuyển "
                "trang sang thư mục khác.")
    return None
