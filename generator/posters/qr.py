"""QR codes as inline SVG, sized by CSS."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str, css_class: str = "qr") -> Markup:
    """A full QR code (never a Micro QR: phones cannot read those) of an ASCII URL."""
    code = segno.make_qr(url, error="m")
    return Markup(code.svg_inline(omitsize=True, border=2, dark="#000", light="#fff", svgclass=css_class))
