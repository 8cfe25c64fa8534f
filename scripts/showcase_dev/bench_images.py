"""Benchmark of the photo stage: photos per second cold and warm, bytes per photo, card time.

    .venv/bin/python -m showcase_dev.bench_images --photos 16

`showcase bench` calls `bench_images(n)` and prints `format_result(...)`. Inputs are synthetic
4000×3000 camera-sized JPEGs (smooth gradients and shapes with mild sensor noise, so the
encoders work about as hard as on real photos); nothing is read from or sent to the network.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from showcase.render import cards
from showcase.render.images import HashIndex, photo_key, process_photo, process_photos, run_jobs

SIZE = (4000, 3000)


def synthetic_photo(path: Path, seed: int) -> None:
    """A camera-sized JPEG that differs per seed (so every one has its own cache key)."""
    rng = random.Random(seed)
    small = Image.new("RGB", (400, 300))
    draw = ImageDraw.Draw(small)
    for y in range(300):  # sky-to-ground gradient
        draw.line((0, y, 400, y), fill=(90 + y // 3, 140 + y // 4, 200 - y // 2))
    for _ in range(12):
        x, y, r = rng.randrange(400), rng.randrange(300), rng.randrange(10, 80)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    im = small.resize(SIZE, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise(SIZE, 12).convert("RGB")
    Image.blend(im, noise, 0.08).save(path, "JPEG", quality=90)


def bench_images(n: int = 8) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="showcase-bench-") as tmp:
        root = Path(tmp)
        for i in range(n):
            synthetic_photo(root / f"p{i}.jpg", i)
        hashes = HashIndex(root)
        start = time.perf_counter()
        sources = {photo_key(hashes.digest(root / f"p{i}.jpg")): root / f"p{i}.jpg" for i in range(n)}
        hash_s = time.perf_counter() - start
        out = root / "anh"
        out.mkdir()
        start = time.perf_counter()
        manifests, processed = process_photos(sources, out)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        _, again = process_photos(sources, out)
        warm = time.perf_counter() - start
        assert processed == n and again == 0
        variant_bytes = sum((out / v[0]).stat().st_size for m in manifests.values()
                            for v in (*m["variants"], m["fallback"])) / n
        card_s = _bench_cards(root, out, manifests)
        cpu = _cpu_per_photo(sources, root / "cpu")
    return {"photos": n, "cold_s_per_photo": cold / n, "cold_photos_per_s": n / cold,
            "warm_s_per_photo": warm / n, "warm_photos_per_s": n / max(warm, 1e-9),
            "hash_s_per_photo": hash_s / n, "bytes_per_photo_set": variant_bytes,
            "card_s_per_card": card_s, "cpu_s_per_photo": cpu}


def _cpu_per_photo(sources: dict[str, Path], out: Path, n: int = 3) -> float:
    """CPU seconds for one photo in this process: steadier than wall time on a shared machine."""
    out.mkdir()
    picked = list(sources.items())[:n]
    start = time.process_time()
    for key, src in picked:
        process_photo(str(src), str(out), key)
    return (time.process_time() - start) / len(picked)


def _bench_cards(root: Path, photo_dir: Path, manifests: dict) -> float:
    specs = [cards.CardSpec(f"exemplar:b{i}", f"b{i}", "Điển hình tiên tiến", f"Nguyễn Thị Hồng Nhung {i}",
                            ("Xã Xuân Đường", "Phong trào: Toàn tỉnh chung sức xây dựng nông thôn mới"),
                            "Điển hình tiên tiến Cẩm Mỹ", "HN", "#1b5e20",
                            str(photo_dir / m["fallback"][0])) for i, m in enumerate(manifests.values())]
    start = time.perf_counter()
    run_jobs(cards.write_card, [(s, str(root / f"card{i}.jpg")) for i, s in enumerate(specs)], "Thẻ", "thẻ")
    return (time.perf_counter() - start) / len(specs)


def format_result(r: dict[str, float]) -> str:
    return (f"Ảnh 4000×3000 ({int(r['photos'])} ảnh, 2 tiến trình): lần đầu {r['cold_s_per_photo']:.3f} s/ảnh "
            f"({r['cold_photos_per_s']:.1f} ảnh/s; CPU {r['cpu_s_per_photo']:.3f} s/ảnh); lần sau (bộ nhớ đệm) {r['warm_s_per_photo'] * 1000:.2f} ms/ảnh "
            f"({r['warm_photos_per_s']:.0f} ảnh/s); băm SHA-256 {r['hash_s_per_photo'] * 1000:.1f} ms/ảnh; "
            f"bộ ảnh (WebP 360/720/1080 + JPEG 720) {r['bytes_per_photo_set'] / 1024:.0f} KB/ảnh; "
            f"thẻ chia sẻ {r['card_s_per_card'] * 1000:.0f} ms/thẻ")


def main() -> None:
    p = argparse.ArgumentParser(description="Đo tốc độ xử lý ảnh và vẽ thẻ chia sẻ.")
    p.add_argument("--photos", type=int, default=8, help="số ảnh 4000×3000 tổng hợp (mặc định 8)")
    print(format_result(bench_images(p.parse_args().photos)))


if __name__ == "__main__":
    main()
