"""Photos named by a profile: inside the repository, real images, not bombs, not huge."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from .problems import Problems

FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 8 * 1024 * 1024  # originals above this are too heavy for editors' uploads
MAX_PIXELS = 40_000_000  # 40 MP; Pillow itself only refuses above twice its own limit
SHRINK_HINT = ("Hãy thu nhỏ ảnh (cạnh dài khoảng 2000 điểm ảnh) trước khi thêm, ví dụ bằng "
               "'showcase new --photo ẢNH' hoặc công cụ sửa ảnh trên điện thoại.")


def check_photo(profile: Path, name: str, mark: tuple[int, int], problems: Problems) -> str | None:
    """The photo's path relative to the root when it is usable; otherwise report why."""
    where = "photos.file"
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
                      if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
        problems.error(profile, mark, f"{where}: không tìm thấy ảnh '{name}' trong thư mục "
                       f"{profile.parent.name}/" + (f" (các ảnh có: {', '.join(near)})." if near else "."))
        return None
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.error(profile, mark, f"{where}: ảnh '{name}' nặng {size / 1048576:.1f} MB, tối đa "
                       f"{MAX_BYTES // 1048576} MB. {SHRINK_HINT}")
        return None
    error = _inspect(path)
    if error:
        problems.error(profile, mark, f"{where}: ảnh '{name}' {error}")
        return None
    return problems.rel(path)


def _inspect(path: Path) -> str | None:
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
