"""What the corridor screen carries (generator/render/kiosk.py, each kind's kiosk hook),
decided at build time: the browser side is tested in tests/browser/test_kiosk.py."""

from __future__ import annotations

import re

from generator.kinds.figures import KIOSK_COUNT
from tests.conftest import SiteDir, build_tree


def test_the_screen_carries_the_newest_figures_not_all_of_them(site: SiteDir, tmp_path):
    """A community of many figures: the newest KIOSK_COUNT, one a round (all 200 made a
    900 KB page and took days to come round)."""
    for n in range(KIOSK_COUNT + 5):
        site.item(f"figures/p{n:02d}.md", f"title: 人物{n:02d}\nrole: 学生党员\nyear: {1990 + n}\nconsent: true")
    page = build_tree(site, tmp_path / "out")["kiosk/index.html"].decode()
    shown = re.findall(r'class="k-title"[^>]*>人物(\d+)<', page)
    assert len(shown) == KIOSK_COUNT
    assert set(shown) == {f"{n:02d}" for n in range(5, KIOSK_COUNT + 5)}   # the newest years
