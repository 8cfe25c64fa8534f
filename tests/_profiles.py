"""Small fixture profiles for the report, feed and export tests (independent of the samples)."""
from __future__ import annotations



def profile(unit: str, slug: str, quarter: str, name: str, *, status: str = "published",
            summary: str = "Đi đầu trong phong trào xây dựng nông thôn mới của địa phương.",
            received: str | None = None, extra: str = "") -> tuple[str, str]:
    """(path, YAML) of a collective's profile (collectives need no personal consent)."""
    ident = f"dh-{slug}"
    got = f"received: {received}\n" if received else ""
    text = (f"id: {ident}\nstatus: {status}\nname: {name}\nsubject: tập thể\n"
            f"category: mô hình mới\nunit: {unit}\nfields: [kinh tế]\nmovements: [nong-thon-moi]\n"
            f"quarter: {quarter}\n{got}summary: \"{summary}\"\n{extra}")
    return f"exemplars/{unit}/{slug}.yaml", text


def tombstone(unit: str, slug: str, quarter: str, withdrawn: str = "01/03/2026") -> tuple[str, str]:
    """What an editor leaves when a profile is withdrawn: id, status, date, old URL."""
    return (f"exemplars/{unit}/{slug}.yaml",
            f"id: dh-{slug}\nstatus: withdrawn\nwithdrawn: {withdrawn}\nunit: {unit}\nquarter: {quarter}\n")


def year_2021() -> dict[str, str]:
    """One year of intake: on target, above, missing, and Long Giao becoming a thị trấn."""
    items = [
        profile("xuan-duong", "to-hop-tac-buoi", "2021-Q1", "Tổ hợp tác bưởi Suối Râm",
                received="05/03/2021"),
        profile("xuan-duong", "doi-tinh-nguyen", "2021-Q2", "Đội tình nguyện ấp 3",
                received="02/04/2021"),
        profile("xuan-duong", "chi-hoi-phu-nu", "2021-Q2", "Chi hội phụ nữ ấp Suối Râm",
                received="03/04/2021"),
        profile("xuan-duong", "to-an-ninh", "2021-Q2", "Tổ an ninh tự quản ấp 1",
                received="04/04/2021"),
        profile("long-giao", "hop-tac-xa-long-giao", "2021-Q2", "Hợp tác xã rau sạch Long Giao",
                received="10/05/2021"),
        profile("tt-long-giao", "khu-pho-van-hoa", "2021-Q3", "Khu phố 1 thị trấn Long Giao",
                received="12/08/2021"),
        profile("nhan-nghia", "clb-duong-sinh", "2021-Q4", "Câu lạc bộ dưỡng sinh Nhân Nghĩa",
                received="20/11/2021"),
        profile("xuan-duong", "nhom-nhap", "2021-Q3", "Nhóm nháp chưa công bố", status="draft"),
    ]
    return dict(items)
