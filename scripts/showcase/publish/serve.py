"""`showcase serve`: MkDocs' own live-reloading server; it watches exemplars/ too (mkdocs.yml)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def serve(root: Path, dev_addr: str) -> None:
    # Serve at the root of the local address, not under the published site's sub-path.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SHOWCASE_SITE_URL": f"http://{dev_addr}/"}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr, "--livereload",
           "-f", str(root / "mkdocs.yml")]
    print(f"Đang xem trước tại http://{dev_addr}/ (Ctrl+C để dừng). Sửa hồ sơ, ảnh hay trang "
          "nào thì trang tự dựng lại.")
    subprocess.run(cmd, cwd=root, env=env, check=False)
