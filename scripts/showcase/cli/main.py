"""`showcase`: a thin command line. Each verb parses its flags and calls one function.

Verbs import their stage inside the function on purpose (lazy loading): `showcase check` then
starts without Pillow, Jinja or the site engine.
"""
from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from showcase.cli import help_vi
from showcase.core.problems import ContentError
from showcase.publish.lock import BuildStopped


def cmd_check(args: argparse.Namespace) -> int:
    from showcase.validate.check import check_content  # deliberate: lazy CLI loading
    content, problems = check_content(args.root, base=args.base or None)
    if not problems.failed(False):  # the catalogue needs valid content
        from showcase.publish.pipeline import check_planned  # deliberate: the stages' URIs
        check_planned(args.root, content, problems)
    if problems.items:
        print(problems.render(args.format))
    print(problems.summary(), file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if problems.failed(args.strict) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from showcase.publish.build import build_site  # deliberate: lazy CLI loading
    build_site(args.root, strict=args.strict, production=args.production,
               site_dir=args.site_dir, full=args.full)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from showcase.publish.serve import serve  # deliberate: lazy CLI loading
    serve(args.root, args.dev_addr)
    return 0


NEW_KEYS = ("name", "unit", "subject", "category", "fields", "movements", "quarter", "summary",
            "photo", "photo_alt", "consent_by", "consent_date", "status")


def cmd_new(args: argparse.Namespace) -> int:
    from showcase.editor.new import new_exemplar  # deliberate: lazy CLI loading
    return new_exemplar(args.root, {k: getattr(args, k) for k in NEW_KEYS}, args.yes)


def cmd_report(args: argparse.Namespace) -> int:
    from showcase.cli.report import report_command  # deliberate: lazy CLI loading
    return report_command(args.root, args.year, args.format, args.output, args.samples, args.quarter)


def cmd_template(args: argparse.Namespace) -> int:
    from showcase.editor.spreadsheet import template_command  # deliberate: lazy CLI loading
    return template_command(args.root, args.output)


def cmd_import(args: argparse.Namespace) -> int:
    from showcase.editor.spreadsheet import import_command  # deliberate: lazy CLI loading
    return import_command(args.root, args.file, args.unit, args.dry_run)


def cmd_schema(args: argparse.Namespace) -> int:
    from showcase.editor.jsonschema import write_schema  # deliberate: lazy CLI loading
    print(f"Đã ghi {write_schema(args.root).relative_to(args.root).as_posix()}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.incremental:
        from showcase_dev.bench_incremental import bench_incremental_command  # deliberate: dev tool
        return bench_incremental_command(args)
    from showcase_dev.bench import bench_command  # deliberate: lazy CLI loading of a dev tool
    return bench_command(args)


def cmd_deployed(args: argparse.Namespace) -> int:
    from showcase.publish.deployed import deployed_command  # deliberate: lazy CLI loading
    return deployed_command(args.repo)


def cmd_changes(args: argparse.Namespace) -> int:
    from showcase.editor.changes import changes_command  # deliberate: lazy CLI loading
    return changes_command(args.root, args.base)


def _parser() -> argparse.ArgumentParser:
    help_vi.install()
    p = argparse.ArgumentParser(prog="showcase", description="Trang giới thiệu điển hình tiên tiến: "
                                "kiểm tra, xây dựng và báo cáo.")
    p.add_argument("--root", type=Path, default=Path.cwd(),
                   help="thư mục kho nội dung (mặc định: thư mục hiện tại)")
    sub = p.add_subparsers(dest="verb", required=True, metavar="LỆNH")

    c = sub.add_parser("check", help="kiểm tra toàn bộ nội dung, báo mọi lỗi một lần")
    c.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi (CI dùng)")
    c.add_argument("--format", choices=["text", "github"], default="text",
                   help="'github' in chú thích cho GitHub Actions")
    c.add_argument("--base", default="HEAD", help="phiên bản git để so mã và đường dẫn của hồ sơ "
                   "đã công bố (CI: origin/main; '' để bỏ qua)")
    c.set_defaults(func=cmd_check)

    b = sub.add_parser("build", help="kiểm tra rồi xây dựng site/ (thay thế nguyên khối)")
    b.add_argument("--strict", action="store_true", help="cảnh báo cũng làm hỏng bản dựng")
    b.add_argument("--production", action="store_true", help="bỏ các hồ sơ mẫu")
    b.add_argument("--site-dir", type=Path, default=None, help="thư mục đích (mặc định site/)")
    b.add_argument("--full", action="store_true", help="dựng lại toàn bộ, không dùng kết quả "
                   "lần dựng trước (mặc định chỉ dựng lại phần đã thay đổi)")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="xem trước tại http://127.0.0.1:8000, tự dựng lại khi sửa")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng")
    s.set_defaults(func=cmd_serve)

    n = sub.add_parser("new", help="tạo hồ sơ điển hình mới (hỏi từng mục hoặc nhận tham số)")
    _add_new_flags(n)
    n.set_defaults(func=cmd_new)

    r = sub.add_parser("report", help="báo cáo tình hình giới thiệu điển hình (CSV/XLSX/DOCX)")
    r.add_argument("--year", type=int, required=True, help="năm báo cáo, ví dụ 2021")
    r.add_argument("--format", choices=["csv", "xlsx", "docx"], default="csv")
    r.add_argument("--output", type=Path, default=None, help="tệp kết quả (CSV mặc định ra màn hình)")
    r.add_argument("--samples", action="store_true", help="tính cả hồ sơ mẫu hư cấu (mặc định bỏ)")
    r.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], default=None,
                   help="danh sách trích ngang thành tích của quý này (DOCX, gửi báo, đài)")
    r.set_defaults(func=cmd_report)

    t = sub.add_parser("template", help="ghi mẫu bảng tính trích ngang (XLSX) để đơn vị điền")
    t.add_argument("--output", type=Path, default=Path("mau-trich-ngang.xlsx"), help="tệp mẫu")
    t.set_defaults(func=cmd_template)

    m = sub.add_parser("import", help="nhập bảng tính trích ngang thành hồ sơ nháp (status: draft)")
    m.add_argument("file", type=Path, help="tệp .xlsx theo mẫu 'showcase template'")
    m.add_argument("--unit", help="mã đơn vị cho các dòng bỏ trống cột đơn vị")
    m.add_argument("--dry-run", action="store_true", help="chỉ in những gì sẽ ghi, không ghi tệp")
    m.set_defaults(func=cmd_import)

    j = sub.add_parser("schema", help="ghi lại exemplars/schema/exemplar.schema.json (gợi ý trong VS Code)")
    j.set_defaults(func=cmd_schema)

    d = sub.add_parser("changes", help="tóm tắt các hồ sơ thay đổi so với commit gốc (cho pull request)")
    d.add_argument("--base", required=True, help="commit hoặc nhánh gốc, ví dụ origin/main")
    d.set_defaults(func=cmd_changes)

    g = sub.add_parser("deployed", help="commit mà GitHub Pages đang phục vụ (CI: --base khi xuất bản)")
    g.add_argument("--repo", default=None, help="chủ/kho trên GitHub (mặc định GITHUB_REPOSITORY)")
    g.set_defaults(func=cmd_deployed)

    k = sub.add_parser("bench", help="đo thời gian dựng trang với hồ sơ tổng hợp")
    k.add_argument("--profiles", type=int, nargs="+", default=[1000, 5000, 10000],
                   help="số hồ sơ tổng hợp (có thể nhiều giá trị)")
    k.add_argument("--photos", type=int, default=None,
                   help="số ảnh tổng hợp (mặc định 50; 40 với --incremental)")
    k.add_argument("--stages", choices=["all", "check"], default="all",
                   help="'check': chỉ đo lệnh showcase check; 'all': mọi giai đoạn dựng trang")
    k.add_argument("--incremental", action="store_true", help="đo sửa → xem trước: dựng lần đầu, "
                   "dựng lại không đổi gì, showcase serve (sửa, thêm hồ sơ), so với Hugo")
    k.add_argument("--edits", type=int, default=10, help="--incremental: số lần sửa hồ sơ khi serve")
    k.add_argument("--timeout", type=float, default=300.0,
                   help="--incremental: giây chờ tối đa mỗi lần sửa, thêm (quá thì ghi '> N s')")
    k.add_argument("--build-timeout", type=float, default=1200.0,
                   help="--incremental: giây tối đa cho mỗi bản dựng (lần đầu, không đổi, Hugo, serve khởi động)")
    k.add_argument("--no-hugo", action="store_true", help="--incremental: không đo Hugo")
    k.add_argument("--workdir", type=Path, default=None,
                   help="--incremental: giữ cây, nhật ký và trang đã phục vụ ở đây")
    k.set_defaults(func=cmd_bench)
    return p


def _add_new_flags(n: argparse.ArgumentParser) -> None:
    n.add_argument("--name", help="họ tên hoặc tên tập thể")
    n.add_argument("--unit", help="mã hoặc tên đơn vị giới thiệu (thư mục trong exemplars/)")
    n.add_argument("--subject", help="cá nhân, tập thể hoặc hộ gia đình")
    n.add_argument("--category", help="loại điển hình")
    n.add_argument("--fields", help="các lĩnh vực, cách nhau bởi dấu phẩy")
    n.add_argument("--movements", help="mã hoặc tên các phong trào, cách nhau bởi dấu phẩy")
    n.add_argument("--quarter", help="quý, ví dụ 2021-Q2")
    n.add_argument("--summary", help="trích ngang thành tích")
    n.add_argument("--photo", type=Path, help="ảnh chân dung (sẽ được thu nhỏ)")
    n.add_argument("--photo-alt", help="mô tả ảnh")
    n.add_argument("--consent-by", help="người đồng ý công bố")
    n.add_argument("--consent-date", help="ngày đồng ý dd/mm/yyyy")
    n.add_argument("--status", help="draft (nháp, mặc định) hoặc published (công bố)")
    n.add_argument("--yes", action="store_true", help="không hỏi thêm, dùng giá trị đã cho")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.root = args.root.resolve()
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        with stopped_like_ctrl_c():
            return handler(args)
    except ContentError as exc:
        print(exc.problems.render(getattr(args, "format", "text")
                                  if getattr(args, "format", "text") == "github" else "text"))
        print(exc.problems.summary())
        return 1
    except BuildStopped as exc:  # another build, a full disk: a sentence, not a traceback
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


@contextlib.contextmanager
def stopped_like_ctrl_c() -> Iterator[None]:
    """SIGTERM (`kill`, an editor's stop button, a cancelled job) and SIGHUP (a closed
    terminal) stop a command as Ctrl+C does, so its clean-up runs: a build removes its
    temporary site folder (site/ stays as it was), the preview its served copy of the site
    (35,000 files at 10,000 profiles), which by default these signals left behind. A signal
    already ignored (nohup) stays ignored; only the main thread may set handlers."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
            sig = getattr(signal, name, None)
            if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
                before[sig] = signal.signal(sig, interrupt)
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
