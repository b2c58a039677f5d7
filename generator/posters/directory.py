"""The service-directory sheet: every service with its place, hours and its own QR code."""

from __future__ import annotations

from itertools import groupby

from generator.kinds import services
from generator.posters.qr import qr_svg
from generator.posters.render import PageFormat, Renderer

TITLE = "服务目录"


def directory(renderer: Renderer, fmt: PageFormat) -> bytes:
    site = renderer.site
    found = site.of(services.KIND)  # sorted by category, then title
    entries = []
    for service in found:
        url = site.absolute_url(service.url)
        entries.append({"item": service, "qr": qr_svg(url) if url else None})
    groups = [(category, list(group)) for category, group in
              groupby(entries, key=lambda e: e["item"].fields.category)]
    document = renderer.document(
        ["posters/directory.html.j2"], fmt, title=f"{site.config.site_name} · {TITLE}", groups=groups,
        any_qr=bool(site.config.site_url),
    )
    return renderer.pdf(document)
