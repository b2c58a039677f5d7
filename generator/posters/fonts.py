"""Finding a CJK font for the posters, with fontconfig's own `fc-list`.

`fc-match ':lang=zh'` always answers with *some* font, even one without a single Chinese
glyph; `fc-list ':lang=zh-cn' family` lists only fonts that really cover Chinese.
"""

from __future__ import annotations

import shutil
import subprocess

# Families named first in the poster CSS, in order of preference (Debian packages in brackets).
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
INSTALL_HINT = "请安装 Debian 软件包 fonts-noto-cjk（sudo apt install fonts-noto-cjk），或较小的 fonts-wqy-microhei"

# The command that lists Chinese font families; a test may point it elsewhere.
FC_LIST = ("fc-list", ":lang=zh-cn", "family")


class FontMissing(Exception):
    """No font that covers Chinese is installed: posters would print boxes."""


def chinese_families() -> list[str]:
    """Every font family fontconfig knows that covers simplified Chinese."""
    if not shutil.which(FC_LIST[0]):
        raise FontMissing(f"找不到 {FC_LIST[0]}（fontconfig）：请安装 Debian 软件包 fontconfig 和 fonts-noto-cjk")
    listing = subprocess.run(FC_LIST, capture_output=True, text=True, check=False).stdout
    families: list[str] = []
    for line in listing.splitlines():
        for name in line.split(","):  # a font may list several names: "文泉驿微米黑,WenQuanYi Micro Hei"
            name = name.strip().replace("\\-", "-")
            if name and name not in families:
                families.append(name)
    return families


def cjk_font_stack() -> list[str]:
    """Families for the poster CSS: preferred installed ones first; raises FontMissing."""
    installed = chinese_families()
    if not installed:
        raise FontMissing(f"没有找到任何中文字体，海报会印出方框。{INSTALL_HINT}")
    preferred = [name for name in PREFERRED if name in installed]
    sans = [name for name in installed if "Sans" in name and "Mono" not in name and name not in preferred]
    others = [name for name in installed if name not in preferred and name not in sans]
    return [*preferred, *sans, *others]
