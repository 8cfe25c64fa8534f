"""Site settings, read from mkdocs.yml's `extra.showcase` without importing MkDocs."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml; ignores MkDocs' own tags (!ENV, !!python/name) instead of failing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    """MkDocs' `!ENV VAR` / `!ENV [VAR, ..., default]`: the first variable set, else the default."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else \
        [loader.construct_object(n) for n in node.value]
    for name in names[:-1] if len(names) > 1 else names:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    root: Path
    site_name: str = "Điển hình tiên tiến"
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = "edit/main/"
    include_samples: bool = True
    contact: str = ""
    managing_body: str = ""
    office: tuple[tuple[str, object], ...] = ()  # extra.showcase.office: who issues, signs reports
    cms_auth_url: str = ""  # the editors' form's GitHub OAuth proxy (Decap's backend.base_url)

    @property
    def office_tel(self) -> str:
        """The office's phone (extra.showcase.office.phone, else a contact that is a number):
        the one number a tel: link in content may carry."""
        number = str(dict(self.office).get("phone") or self.contact or "")
        return number if re.fullmatch(r"[+\d\s().-]{8,}", number) else ""

    @property
    def edit_base(self) -> str:
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/" if self.repo_url else ""


def load_settings(root: Path) -> Settings:
    config_path = root / "mkdocs.yml"
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_Loader) if config_path.exists() else {}
    extra = ((config or {}).get("extra") or {}).get("showcase") or {}
    samples = extra.get("include_samples", True)
    env = os.environ.get("SHOWCASE_INCLUDE_SAMPLES")
    if env is not None:  # production builds set SHOWCASE_INCLUDE_SAMPLES=0
        samples = env.strip().lower() not in ("0", "false", "no", "")
    return Settings(
        root=root,
        site_name=config.get("site_name", Settings.site_name),
        site_url=config.get("site_url") or "",
        repo_url=config.get("repo_url") or "",
        edit_uri=config.get("edit_uri") or Settings.edit_uri,
        include_samples=bool(samples),
        contact=str(extra.get("contact", "")),
        managing_body=str(extra.get("managing_body", "")),
        office=tuple((str(k), tuple(v) if isinstance(v, list) else v)
                     for k, v in sorted((extra.get("office") or {}).items())),
        cms_auth_url=str(extra.get("cms_auth_url") or ""),
    )
