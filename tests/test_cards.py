"""An item's card is rendered once and shown on every page with that page's own links."""

from __future__ import annotations

from tests.conftest import TODAY


def _build(site, cli, tmp_path):
    site.item("notices/a.md", "title: 甲通知\ndate: 2026-11-20\ntags: [宿舍, 安全]")
    out = tmp_path / "out"
    run = cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters")
    assert run.code == 0, run.err
    return lambda url: (out / url / "index.html").read_text(encoding="utf-8")


def test_a_card_links_from_each_page_it_is_on(site, cli, tmp_path):
    read = _build(site, cli, tmp_path)
    assert 'class="yz-card yz-card--notices" href="notices/a/"' in read("")
    assert 'class="yz-card yz-card--notices" href="a/"' in read("notices")
    for tag in ("su-she", "an-quan"):
        assert 'class="yz-card yz-card--notices" href="../../notices/a/"' in read(f"tags/{tag}")


def test_a_theme_card_that_reads_its_links_still_gets_each_pages_own(site, cli, tmp_path):
    site.write("theme/cards/notices.html.j2", '<span class="yz-card__title">{{ url(item.url) | upper }}</span>\n')
    read = _build(site, cli, tmp_path)
    assert "<span class=\"yz-card__title\">NOTICES/A/</span>" in read("")
    assert "<span class=\"yz-card__title\">A/</span>" in read("notices")
    assert "<span class=\"yz-card__title\">../../NOTICES/A/</span>" in read("tags/su-she")
