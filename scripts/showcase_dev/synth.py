"""Synthetic but valid Vietnamese exemplar profiles, for tests and benchmarks.

`generate_tree(root, n)` copies the repository's vocabularies, units, content
and mkdocs.yml into `root`, then writes `n` profiles that pass `showcase check`.
Every profile is marked `sample: true`. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

from showcase.core.model import Unit
from showcase.core.yaml_out import to_yaml
from showcase.core.problems import Problems
from showcase.validate.check import MOVEMENTS_DIR, load_units
from showcase.core.vi import format_date, quarter_span, slugify
from showcase.load.vocab import Vocab, load_vocabs

REPO = Path(__file__).resolve().parents[2]
QUARTERS = [(y, q) for y in range(2021, 2026) for q in range(1, 5)]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tạ", "Châu"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Đình", "Trọng"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Hồng", "Thu", "Kim", "Mỹ", "Bích", "Thị Hồng", "Thị Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Lợi", "Nam",
           "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Vĩnh", "Đường", "Ẩn"]
GIVEN_F = ["Anh", "Châu", "Diệu", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Loan",
           "Mai", "Ngân", "Nhung", "Oanh", "Phượng", "Thảo", "Thủy", "Trang", "Uyên", "Yến", "Ánh"]
HAMLETS = ["ấp Suối Râm", "ấp Tân Hạnh", "ấp 1", "ấp 2", "ấp Bàu Sen", "ấp Cọ Dầu", "ấp Suối Cát",
           "ấp Hòa Bình", "ấp Láng Lớn", "ấp Tam Bung", "ấp Trung Tín", "khu phố Suối Râm"]
GROUPS = ["Chi hội Phụ nữ", "Tổ hợp tác trồng tiêu", "Câu lạc bộ Dân vũ", "Tổ tự quản an ninh",
          "Đội thanh niên tình nguyện", "Hợp tác xã rau sạch", "Chi hội Cựu chiến binh",
          "Tổ phụ nữ tiết kiệm", "Câu lạc bộ Nông dân sản xuất giỏi", "Tổ bảo vệ môi trường"]
ROLES = ["Nông dân trồng bưởi", "Nông dân trồng tiêu", "Giáo viên tiểu học", "Trưởng ấp",
         "Chủ trang trại chăn nuôi", "Bí thư chi đoàn", "Công an viên", "Y sĩ trạm y tế",
         "Chủ cơ sở chế biến hạt điều", "Chi hội trưởng phụ nữ", "Cán bộ văn hóa xã"]
DEEDS = [
    "mạnh dạn chuyển đổi vườn điều kém hiệu quả sang trồng cây ăn trái theo hướng hữu cơ",
    "vận động bà con trong ấp góp công, góp đất mở rộng đường giao thông nông thôn",
    "mở lớp hướng dẫn kỹ thuật chăm sóc cây trồng miễn phí cho các hộ lân cận",
    "tham gia tuần tra, giữ gìn an ninh trật tự trên địa bàn ấp vào ban đêm",
    "quyên góp xây dựng nhà tình thương cho hộ nghèo và gia đình chính sách",
    "duy trì câu lạc bộ văn nghệ, thể thao, góp phần xây dựng đời sống văn hóa ở khu dân cư",
    "áp dụng tưới nhỏ giọt tiết kiệm nước, giúp năng suất vườn tiêu tăng rõ rệt",
    "tạo việc làm ổn định cho nhiều lao động địa phương với mức thu nhập khá",
    "phân loại rác tại nguồn và trồng hàng cây xanh dọc tuyến đường liên ấp",
    "giúp đỡ học sinh có hoàn cảnh khó khăn tiếp tục đến trường",
]
RESULTS = [
    "Nhờ đó, thu nhập của gia đình tăng gấp đôi so với trước.",
    "Nhiều hộ trong ấp đã học theo và thoát nghèo bền vững.",
    "Con đường bê tông mới giúp việc đi lại, vận chuyển nông sản thuận lợi hơn hẳn.",
    "Tình hình an ninh trật tự ở địa phương được giữ vững, không còn trộm cắp vặt.",
    "Mô hình được Hội Nông dân huyện đánh giá cao và đề nghị nhân rộng.",
    "Phong trào văn hóa, văn nghệ ở khu dân cư ngày càng sôi nổi.",
]
AWARDS_FOR = {"ca-nhan": ["lao-dong-tien-tien", "chien-si-thi-dua-co-so", "giay-khen-ubnd-huyen",
                          "giay-khen-ubnd-xa", "bang-khen-ubnd-tinh",
                          "giay-chung-nhan-nguoi-tot-viec-tot"],
              "ho-gia-dinh": ["gia-dinh-van-hoa", "giay-khen-ubnd-xa", "giay-khen-ubnd-huyen"],
              "tap-the": ["tap-the-lao-dong-tien-tien", "tap-the-lao-dong-xuat-sac",
                          "giay-khen-ubnd-huyen", "bang-khen-ubnd-tinh", "co-thi-dua-ubnd-tinh"]}


def copy_base(root: Path, source: Path = REPO) -> None:
    """The parts of the repository every profile refers to."""
    (root / "exemplars").mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "exemplars" / "vocab", root / "exemplars" / "vocab", dirs_exist_ok=True)
    for registry in ("units.yaml", "reporting.yaml"):
        shutil.copy(source / "exemplars" / registry, root / "exemplars" / registry)
    for extra in ("content", "theme_overrides"):
        if (source / extra).is_dir():
            shutil.copytree(source / extra, root / extra, dirs_exist_ok=True)
    if (source / "mkdocs.yml").exists():
        shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    drop_pages_citing_exemplars(root)


_CITES = re.compile(r"\A---\n(?:.*\n)*?exemplars:", re.M)


def drop_pages_citing_exemplars(root: Path) -> None:
    """Posts that cite the shipped sample profiles would dangle in a synthetic tree."""
    for page in (root / "content").rglob("*.md"):
        if _CITES.match(page.read_text(encoding="utf-8")):
            page.unlink()


def generate_tree(root: Path, n: int, photos: int = 0, seed: int = 1,
                  source: Path = REPO) -> Path:
    """Write `n` valid profiles (and `photos` shared JPEGs) under `root`; returns `root`."""
    root = Path(root)
    copy_base(root, source)
    world = _World.read(root, random.Random(seed))
    plan = [world.pick_placement() for _ in range(n)]
    photo_files = write_photos(root, sorted({u.id: u for u, _ in plan}.values(), key=lambda u: u.id), photos, world.rng)
    used: set[str] = set()
    for i, (unit, quarter) in enumerate(plan):
        profile = world.profile(i, unit, quarter, photo_files.get(unit.id, []))
        slug = _unique(slugify(profile["name"]), used)
        folder = root / "exemplars" / unit.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.yaml").write_text(to_yaml(profile, SYNTH_HEADER), encoding="utf-8")
    return root


def _unique(slug: str, used: set[str]) -> str:
    out, k = slug, 1
    while out in used:
        k += 1
        out = f"{slug}-{k}"
    used.add(out)
    return out


class _World:
    """Units, vocabularies and movements of the copied tree, and the random source."""

    def __init__(self, units: dict[str, Unit], vocabs: dict[str, Vocab], movements: list[str],
                 rng: random.Random):
        self.units, self.vocabs, self.movements, self.rng = units, vocabs, movements, rng
        self.by_quarter = {q: [u for u in units.values() if _exists_all_quarter(u, q)]
                           for q in QUARTERS}

    @classmethod
    def read(cls, root: Path, rng: random.Random) -> "_World":
        problems = Problems(root)
        vocabs = load_vocabs(root, problems)
        units = load_units(root, vocabs, problems)
        movements = sorted(p.stem for p in (root / MOVEMENTS_DIR).glob("*.md") if p.stem != "index")
        return cls(units, vocabs, movements, rng)

    def pick_placement(self) -> tuple[Unit, tuple[int, int]]:
        quarter = self.rng.choice([q for q in QUARTERS if self.by_quarter[q]])
        return self.rng.choice(self.by_quarter[quarter]), quarter

    def profile(self, i: int, unit: Unit, quarter: tuple[int, int], photos: list[str]) -> dict:
        r = self.rng
        subject = r.choices(["ca-nhan", "tap-the", "ho-gia-dinh"], weights=[6, 2, 2])[0]
        name, person = self.name(subject)
        start = quarter_span(*quarter)[0]
        out: dict = {
            "id": f"syn-{quarter[0]}-{i + 1:05d}", "status": "published", "sample": "true",
            "name": name, "subject": self.vocabs["subjects"].labels[subject],
            "category": r.choice(list(self.vocabs["categories"].labels.values())), "unit": unit.id,
            "hamlet": r.choice(HAMLETS),
            "fields": r.sample(list(self.vocabs["fields"].labels.values()), r.randint(1, 2)),
            "movements": r.sample(self.movements, min(len(self.movements), r.randint(1, 2))),
            "quarter": f"{quarter[0]}-Q{quarter[1]}",
            "received": format_date(start + dt.timedelta(days=r.randint(0, 60))),
        }
        if subject == "ca-nhan":
            out["role"] = r.choice(ROLES)
            out["birth_year"] = str(r.randint(1950, quarter[0] - 20))
        out["summary"] = self.summary(person)
        out["story"] = self.story(person)
        out["achievements"] = [d[0].upper() + d[1:] for d in r.sample(DEEDS, 2)]
        out["awards"] = self.awards(subject, quarter[0])
        if photos:
            out["photos"] = [{"file": r.choice(photos), "alt": f"{person} tại địa phương",
                              "credit": f"{unit.name}", "person": "true"}]
        out["consent"] = self.consent(subject, name, start, bool(photos))
        return out

    def name(self, subject: str) -> tuple[str, str]:
        r = self.rng
        if subject == "tap-the":
            group = f"{r.choice(GROUPS)} {r.choice(HAMLETS)}"
            return group, group
        male = r.random() < 0.5
        full = " ".join([r.choice(FAMILY), r.choice(MIDDLE_M if male else MIDDLE_F),
                         r.choice(GIVEN_M if male else GIVEN_F)])
        if subject == "ho-gia-dinh":
            return f"Hộ {'ông' if male else 'bà'} {full}", f"Gia đình {'ông' if male else 'bà'} {full}"
        return full, f"{'Ông' if male else 'Bà'} {full.split()[-1]}"

    def summary(self, who: str) -> str:
        deeds = self.rng.sample(DEEDS, 2)
        return f"{who} {deeds[0]}; đồng thời {deeds[1]}."

    def story(self, who: str) -> str:
        """About 1.5 KB of Markdown in a few paragraphs."""
        r = self.rng
        paras = []
        for deed in r.sample(DEEDS, 4):
            extra = " ".join(r.sample(RESULTS, 2))
            paras.append(f"{who} {deed}. Ban đầu còn nhiều khó khăn về vốn và kinh nghiệm, "
                         f"nhưng với sự kiên trì và tinh thần học hỏi, công việc dần đi vào nề nếp. "
                         f"{extra}")
        paras.append(f"Trong thời gian tới, {who[0].lower() + who[1:]} tiếp tục cùng bà con "
                     "chung sức xây dựng quê hương ngày càng giàu đẹp, văn minh.")
        return "\n\n".join(paras) + "\n"

    def awards(self, subject: str, year: int) -> list[dict]:
        r = self.rng
        out = []
        for award in r.sample(AWARDS_FOR[subject], r.randint(1, 3)):
            y = r.randint(max(2015, year - 5), year - 1)
            out.append({"name": self.vocabs["awards"].labels[award], "year": str(y),
                        "decision": f"{r.randint(100, 4999)}/QĐ-UBND",
                        "date": format_date(dt.date(y, 12, r.randint(1, 28))),
                        "issuer": "UBND huyện Cẩm Mỹ"})
        return out

    def consent(self, subject: str, name: str, start: dt.date, photos: bool) -> dict:
        relation = {"ca-nhan": "bản thân", "ho-gia-dinh": "chủ hộ",
                    "tap-the": "người đại diện tập thể"}[subject]
        by = name.removeprefix("Hộ ông ").removeprefix("Hộ bà ") if subject != "tap-the" \
            else f"Trưởng {name.split(' ấp ')[0].lower()}"
        return {"by": by, "relation": relation,
                "date": format_date(start - dt.timedelta(days=self.rng.randint(1, 20))),
                "scope": ["văn bản", "ảnh"] if photos else ["văn bản"]}


def _exists_all_quarter(unit: Unit, q: tuple[int, int]) -> bool:
    """Received dates fall in the first 60 days of a quarter: the unit must span them."""
    start = quarter_span(*q)[0]
    return unit.existed_on(start) and unit.existed_on(start + dt.timedelta(days=60))


def write_photos(root: Path, units: list[Unit], count: int, rng: random.Random) -> dict[str, list[str]]:
    """`count` small distinct JPEGs, dealt round-robin into the unit folders that have profiles."""
    out: dict[str, list[str]] = {}
    for k in range(count if units else 0):
        unit = units[k % len(units)]
        name = f"anh-{k + 1:03d}.jpg"
        folder = root / "exemplars" / unit.id
        folder.mkdir(parents=True, exist_ok=True)
        make_jpeg(folder / name, rng)
        out.setdefault(unit.id, []).append(name)
    return out


def make_jpeg(path: Path, rng: random.Random, size: tuple[int, int] = (800, 600)) -> None:
    """A small landscape-like picture: sky and field gradients with a few shapes."""
    from PIL import Image, ImageDraw
    w, h = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    sky, field = [rng.randint(60, 230) for _ in range(3)], [rng.randint(30, 160) for _ in range(3)]
    for y in range(h):
        base = sky if y < h // 2 else field
        shade = int(40 * y / h)
        draw.line([(0, y), (w, y)], fill=tuple(max(0, c - shade) for c in base))
    for _ in range(6):
        x, y, r = rng.randint(0, w), rng.randint(h // 3, h), rng.randint(10, 60)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    im.save(path, "JPEG", quality=80)


# ---- a tiny YAML writer: quoting every scalar keeps the output exact and fast ----------

SYNTH_HEADER = "# HỒ SƠ TỔNG HỢP (dữ liệu giả để thử nghiệm), không phải người thật."


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m showcase_dev.synth",
                                description="Tạo cây nội dung với N hồ sơ tổng hợp hợp lệ.")
    p.add_argument("root", type=Path)
    p.add_argument("-n", "--profiles", type=int, default=1000)
    p.add_argument("--photos", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    generate_tree(a.root, a.profiles, a.photos, a.seed)
    print(f"Đã tạo {a.profiles} hồ sơ trong {a.root}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
