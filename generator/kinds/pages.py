"""页面: pages such as 关于我们 and 使用说明, in the navigation's 关于 section."""

from __future__ import annotations

from generator.content.schemas import StaticPage
from generator.kinds.base import Kind

KIND = Kind(
    "pages", "页面", StaticPage, ("order", "title"), listed=False,
    words=("页面", "page", "关于"), example="关于{name}",
)
