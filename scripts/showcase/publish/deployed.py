"""`showcase deployed`: the commit GitHub Pages serves now, so the deploy job's check can
compare published ids and URLs with what readers have (`check --base`), not with itself.

The answer comes from GitHub's Deployments API: actions/deploy-pages records each deployment
of the `github-pages` environment with its commit, and GitHub marks older ones `inactive`
when a newer one succeeds. So the newest deployment whose latest status is `success` is the
live site. The job's token needs only `deployments: read`; nothing is written (a tag moved
after each deploy would need `contents: write`). Printed as `sha=<commit>` for
$GITHUB_OUTPUT; empty before the first deployment.
"""
from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from urllib.parse import quote

ENVIRONMENT = "github-pages"
LOOK_BACK = 30  # deployments examined, newest first: thirty failed deploys in a row is a bug
SHA = re.compile(r"[0-9a-f]{40}")


class LookupFailed(Exception):
    pass


def last_deployed(repo: str, token: str, api: str = "https://api.github.com",
                  environment: str = ENVIRONMENT) -> str | None:
    """The live deployment's commit; None when the environment was never deployed."""
    base = f"{api.rstrip('/')}/repos/{repo}/deployments"
    deployments = _get(f"{base}?environment={quote(environment)}&per_page={LOOK_BACK}", token)
    for d in deployments:
        statuses = _get(f"{base}/{int(d['id'])}/statuses?per_page=1", token)
        if statuses and statuses[0].get("state") == "success":
            sha = str(d.get("sha", ""))
            if not SHA.fullmatch(sha):
                raise LookupFailed(f"mã commit không hợp lệ '{sha}'")
            return sha
    if deployments:
        raise LookupFailed(f"không có lần xuất bản thành công nào trong {len(deployments)} lần gần nhất")
    return None


def _get(url: str, token: str) -> list:
    request = urllib.request.Request(url, headers={
        "Accept": "application/vnd.github+json", "Authorization": f"Bearer {token}",
        "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "showcase-deployed"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise LookupFailed(f"{url}: {exc}") from None
    if not isinstance(data, list):
        raise LookupFailed(f"{url}: câu trả lời không phải danh sách")
    return data


def deployed_command(repo: str | None) -> int:
    repo = repo or os.environ.get("GITHUB_REPOSITORY", "")
    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN", "")
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    if not repo or not token:
        print("Cần --repo (hoặc GITHUB_REPOSITORY) và GH_TOKEN để hỏi GitHub.", file=sys.stderr)
        return 2
    try:
        sha = last_deployed(repo, token, api)
    except LookupFailed as exc:
        print(f"Không tìm được commit đang xuất bản: {exc}. Dừng lại để không so sánh nhầm.",
              file=sys.stderr)
        return 2
    print(f"sha={sha or ''}")
    print(f"Trang đang chạy được dựng từ commit {sha}." if sha else
          "Trang chưa từng được xuất bản: lần này không có gì để so sánh.", file=sys.stderr)
    return 0
