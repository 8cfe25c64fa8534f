"""The build never reaches the network: no fonts, APIs or images fetched while building."""
from __future__ import annotations

import socket

from showcase.publish.build import build_site


def test_build_makes_no_network_request(site_tree, monkeypatch, tmp_path) -> None:
    root = site_tree(samples=True)  # cold photo cache: photos, cards and fonts all exercised
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] or kwargs)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, *a))
    site = build_site(root, strict=True, site_dir=tmp_path / "site", quiet=True)
    assert (site / "index.html").exists() and any((site / "assets" / "the").glob("*.jpg"))
    assert attempts == []
