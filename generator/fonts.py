"""Finding the fonts that cover Chinese, with fontconfig's own `fc-list`: their families
for the posters, a font file for the app icons.

`fc-match ':lang=zh'` always answers with *some* font, even one without a single Chinese
glyph; `fc-list ':lang=zh-cn'` lists only fonts that really cover Chinese.
"""

from __future__ import annotations

import os
import shutil
import subprocess

# Families named first in the poster CSS, in order of preference (Debian packages in brackets).
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
INSTALL_HINT = "请安装 Debian 软件包 fonts-noto-cjk（sudo apt install fonts-noto-cjk），或较小的 fonts-wqy-microhei"

# The command that lists the fonts covering Chinese, without the fields asked for.
FC_LIST = ("fc-list", ":lang=zh-cn")


class FontMissing(Exception):
    """No font that covers Chinese is installed: posters would print boxes."""


def chinese_families() -> list[str]:
    """Every font family fontconfig knows that covers simplified Chinese."""
    if not shutil.which(FC_LIST[0]):
        raise FontMissing(f"找不到 {FC_LIST[0]}（fontconfig）：请安装 Debian 软件包 fontconfig 和 fonts-noto-cjk")
    listing = subprocess.run([*FC_LIST, "family"], capture_output=True, text=True, check=False).stdout
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


def cjk_font_file() -> tuple[str, str] | None:
    """A font file that has Chinese glyphs, bold if there is one, with what tells its
    versions apart (its version and size: the icons' memo key); None when there is none."""
    try:
        listed = subprocess.run([*FC_LIST, "file", "fontversion"], capture_output=True,
                                text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = sorted((line.split(":")[0].strip(), line.strip()) for line in listed.splitlines() if line.strip())
    bold = [font for font in fonts if "Bold" in font[0] and "CJK" in font[0]]
    if not (bold or fonts):
        return None
    file, described = (bold or fonts)[0]
    try:
        return file, f"{described} {os.path.getsize(file)} bytes"
    except OSError:
        return None
