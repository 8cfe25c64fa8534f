"""Photos named by a profile: inside the repository, real images, not bombs, not huge."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image

from .problems import Problems

FORMATS = {"JPEG", "PNG", "WEBP"}
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
MAX_BYTES = 8 * 1024 * 1024  # originals above this are too heavy for editors' uploads
MAX_PIXELS = 40_000_000  # 40 MP; Pillow itself only refuses above twice its own limit
SHRINK_HINT = ("Hãy thu nhỏ ảnh (cạnh dài khoảng 2000 điểm ảnh) trước khi thêm, ví dụ bằng "
               "'showcase new --photo ẢNH' hoặc công cụ sửa ảnh trên điện thoại.")


def check_photo(profile: Path, name: str, mark: tuple[int, int], problems: Problems,
                where: str = "photos.file") -> str | None:
    """The photo's path relative to the root when it is usable; otherwise report why."""
    if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
        problems.error(profile, mark, f"{where}: '{name}' phải là tên tệp nằm cùng thư mục với hồ "
                       "sơ (không dùng '..', đường dẫn tuyệt đối hay ổ đĩa).")
        return None
    path = profile.parent / name
    if path.is_symlink():
        problems.error(profile, mark, f"{where}: '{name}' là liên kết tượng trưng; hãy dùng tệp ảnh thật.")
        return None
    if not path.is_file():
        near = sorted(p.name for p in profile.parent.iterdir()
                      if p.suffix.lower() in EXTENSIONS)
        problems.error(profile, mark, f"{where}: không tìm thấy ảnh '{name}' trong thư mục "
                       f"{profile.parent.name}/" + (f" (các ảnh có: {', '.join(near)})." if near else "."))
        return None
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.error(profile, mark, f"{where}: ảnh '{name}' nặng {size / 1048576:.1f} MB, tối đa "
                       f"{MAX_BYTES // 1048576} MB. {SHRINK_HINT}")
        return None
    error = inspect(path, size, path.stat().st_mtime_ns)
    if error:
        problems.error(profile, mark, f"{where}: ảnh '{name}' {error}")
        return None
    return problems.rel(path)


@lru_cache(maxsize=4096)  # many profiles share a photo; open each file once per run
def inspect(path: Path, size: int, mtime_ns: int) -> str | None:
    """Why the image is unusable, or None. Size and mtime make the cache key exact."""
    try:
        with Image.open(path) as im:
            if im.format not in FORMATS:
                return f"có định dạng {im.format}, cần JPEG, PNG hoặc WebP."
            w, h = im.size
            if w * h > MAX_PIXELS:
                return f"quá lớn ({w}×{h} điểm ảnh, tối đa {MAX_PIXELS // 1_000_000} triệu). {SHRINK_HINT}"
            im.verify()
    except Image.DecompressionBombError:
        return f"quá lớn (ảnh 'bom giải nén'). {SHRINK_HINT}"
    except (OSError, SyntaxError, ValueError):
        return "không phải tệp ảnh hợp lệ (hỏng hoặc sai đuôi). Hãy xuất lại ảnh dạng JPEG."
    return None


def named_photos(doc) -> set[Path]:
    """Photo files a profile names, read from its raw data (even if it has other errors)."""
    photos = doc.data.get("photos") if isinstance(doc.data, dict) else None
    items = photos if isinstance(photos, list) else [photos]
    return {doc.path.parent / p["file"] for p in items
            if isinstance(p, dict) and isinstance(p.get("file"), str)}


def check_unused(root: Path, used: set[Path], problems: Problems) -> None:
    """A photo no profile names (e.g. left behind by a withdrawn profile) must go."""
    for path in sorted(root.glob("exemplars/*/*")):
        if path.suffix.lower() in EXTENSIONS and path not in used and path.parent.name != "schema":
            problems.warn(path, (1, 1), f"Ảnh '{path.name}' không được hồ sơ nào dùng. Nếu là ảnh "
                          "của hồ sơ đã rút hoặc không dùng nữa, hãy xóa tệp này khỏi kho.")
