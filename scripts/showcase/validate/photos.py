"""Photos named by a profile: inside the repository, real images, not bombs, not huge.

Whatever would make the build's photo stage fail is found here first: the check decodes
every photo the way render/images.py does (open_photo), because Pillow's verify() passes a
truncated JPEG.
"""
from __future__ import annotations

import os
import stat
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps

from showcase.core.problems import Problems

FORMATS = {"JPEG", "PNG", "WEBP"}
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
MAX_BYTES = 8 * 1024 * 1024  # originals above this are too heavy for editors' uploads
MAX_PIXELS = 40_000_000  # 40 MP; Pillow itself only refuses above twice its own limit
MAX_ASPECT = 8  # longer side over shorter side: a strip of 1:8 is no photo, and breaks layouts
DECODE_SIDE = 1080  # JPEGs are decoded at the smallest scale still this large (the widest variant)
SHRINK_HINT = ("Hãy thu nhỏ ảnh (cạnh dài khoảng 2000 điểm ảnh) trước khi thêm, ví dụ bằng "
               "'showcase new --photo ẢNH' hoặc công cụ sửa ảnh trên điện thoại.")


def check_photo(profile: Path, name: str, mark: tuple[int, int], problems: Problems,
                where: str = "photos.file") -> str | None:
    """The photo's path relative to the root when it is usable; otherwise report why."""
    path = profile.parent / name
    error = _where_error(profile, name) or _file_error(path, name)
    if error:
        problems.error(profile, mark, f"{where}: {error}")
        return None
    return problems.rel(path)


def _where_error(profile: Path, name: str) -> str | None:
    if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
        return (f"'{name}' phải là tên tệp nằm cùng thư mục với hồ sơ (không dùng '..', đường dẫn "
                "tuyệt đối hay ổ đĩa).")
    if os.path.lexists(profile.parent / name):
        return None
    near = sorted(p.name for p in profile.parent.iterdir() if p.suffix.lower() in EXTENSIONS)
    return (f"không tìm thấy ảnh '{name}' trong thư mục {profile.parent.name}/"
            + (f" (các ảnh có: {', '.join(near)})." if near else "."))


def _file_error(path: Path, name: str) -> str | None:
    st = path.lstat()  # one system call answers: link? regular file? size? changed?
    if stat.S_ISLNK(st.st_mode):
        return f"'{name}' là liên kết tượng trưng; hãy dùng tệp ảnh thật."
    if not stat.S_ISREG(st.st_mode):
        return f"'{name}' không phải một tệp ảnh."
    if st.st_size > MAX_BYTES:
        return (f"ảnh '{name}' nặng {st.st_size / 1048576:.1f} MB, tối đa {MAX_BYTES // 1048576} MB. "
                f"{SHRINK_HINT}")
    error = inspect(path, st.st_size, st.st_mtime_ns)
    return f"ảnh '{name}' {error}" if error else None


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
            if max(w, h) > MAX_ASPECT * max(min(w, h), 1):
                return (f"quá dài hoặc quá hẹp ({w}×{h} điểm ảnh, tỉ lệ vượt 1:{MAX_ASPECT}). Hãy cắt "
                        "ảnh gần với khung 4:3 hoặc 3:4.")
        open_photo(path).convert("RGB")  # every pixel decoded, as the build will
    except Image.DecompressionBombError:
        return f"quá lớn (ảnh 'bom giải nén'). {SHRINK_HINT}"
    except OSError as exc:
        if "truncated" in str(exc):
            return ("bị cắt cụt (tệp chưa tải lên hết hoặc bị hỏng). Hãy mở ảnh trên máy, xuất lại "
                    "dạng JPEG rồi thay tệp này.")
        return "không phải tệp ảnh hợp lệ (hỏng hoặc sai đuôi). Hãy xuất lại ảnh dạng JPEG."
    except (SyntaxError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError):
        return "không phải tệp ảnh hợp lệ (hỏng hoặc sai đuôi). Hãy xuất lại ảnh dạng JPEG."
    return None


def open_photo(path: Path | str, side: int = DECODE_SIDE) -> Image.Image:
    """The photo's pixels, upright and fully decoded: the build and the check use this one
    function, so a file the check passes is one the build can read. JPEGs are decoded at
    the smallest 1/2, 1/4, 1/8 scale still at least `side` wide (2× faster)."""
    with Image.open(path) as im:
        if im.format == "JPEG":
            im.draft("RGB", (side, side))
        return ImageOps.exif_transpose(im)  # a loaded copy: a decoding error surfaces here


def named_photos(doc) -> set[Path]:
    """Photo files a profile names, read from its raw data (even if it has other errors)."""
    return {doc.path.parent / name for name in photo_names(doc)}


def photo_names(doc) -> list[str]:
    """The `file` of each photo as written (the check's cache keys its entries by them too)."""
    photos = doc.data.get("photos") if isinstance(doc.data, dict) else None
    items = photos if isinstance(photos, list) else [photos]
    return [p["file"] for p in items if isinstance(p, dict) and isinstance(p.get("file"), str)]


def check_unused(root: Path, used: set[Path], problems: Problems,
                 withdrawn: frozenset[tuple[str, str]] = frozenset()) -> None:
    """A photo no profile names must go; one named after a withdrawn profile must go now.

    `withdrawn` holds (unit folder, slug) of tombstones: their photos carry that slug
    (as `showcase new` names them), so they are still the person's image."""
    for folder in sorted((root / "exemplars").glob("*/")):
        if folder.name in ("vocab", "schema"):
            continue
        names = sorted(os.listdir(folder))
        check_case_twins(folder, names, problems)
        for name in names:  # a Path only for photos: 10,000 profiles' Paths were 30 ms a run
            if name.lower().endswith(EXTENSIONS) and (path := folder / name) not in used:
                _report_unused(path, folder.name, withdrawn, problems)


def check_case_twins(folder: Path, names: list[str], problems: Problems) -> None:
    """Two names that differ only in case (or in Unicode form) are one file on Windows and
    macOS, where editors work: a checkout there would silently keep only one of them."""
    first: dict[str, str] = {}
    for name in names:
        other = first.setdefault(unicodedata.normalize("NFC", name).casefold(), name)
        if other != name:
            problems.error(folder / name, (1, 1), f"Tệp '{name}' và '{other}' chỉ khác nhau chữ hoa/"
                           "chữ thường: trên Windows và macOS đó là cùng một tệp, nên một trong hai "
                           "sẽ mất. Hãy đổi tên hoặc xóa một tệp.")


def _report_unused(path: Path, unit: str, withdrawn: frozenset[tuple[str, str]],
                   problems: Problems) -> None:
    owner = next((slug for u, slug in withdrawn if u == unit and path.stem.startswith(slug)), None)
    if owner:
        problems.error(path, (1, 1), f"Ảnh '{path.name}' thuộc hồ sơ đã rút '{owner}': hãy xóa "
                       "tệp ảnh này khỏi kho (người được giới thiệu đã rút sự đồng ý).")
    else:
        problems.warn(path, (1, 1), f"Ảnh '{path.name}' không được hồ sơ nào dùng. Nếu là ảnh "
                      "của hồ sơ đã rút hoặc không dùng nữa, hãy xóa tệp này khỏi kho.")
