"""`showcase serve`: the engine's own live-reloading server; it watches exemplars/ too (mkdocs.yml)."""
from __future__ import annotations

from pathlib import Path

from showcase.publish.engine import ProperDocs


def serve(root: Path, dev_addr: str) -> None:
    print(f"Đang xem trước tại http://{dev_addr}/ (Ctrl+C để dừng). Sửa hồ sơ, ảnh hay trang "
          "nào thì trang tự dựng lại.")
    ProperDocs().serve(root, dev_addr)
