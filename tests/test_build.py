"""End to end: the example community builds, and its pages show what volunteers wrote."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO, TODAY, build_tree


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8") if not url.endswith(".html") \
        else (site / url).read_text(encoding="utf-8")


def main_text(html: str) -> str:
    """The article part of a page, without Material's header, navigation and footer."""
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    assert match, "no article in page"
    return match.group(1)


def test_every_type_has_a_list_page_and_item_pages(example_site):
    for type_name in ("notices", "events", "lessons", "figures", "services", "policies"):
        sources = [p for p in (REPO / "content" / type_name).rglob("*.md") if "draft: true" not in p.read_text()]
        pages = [p for p in (example_site / type_name).iterdir() if p.is_dir()]
        assert len(pages) == len(sources), type_name
        assert (example_site / type_name / "index.html").is_file()


def test_home_page_shows_current_notices_week_and_services(example_site):
    home = main_text(read(example_site, ""))
    assert "期末考试周社区自习室延长开放" in home          # pinned
    assert home.index("期末考试周社区自习室延长开放") < home.index("第六期学生干部成长训练营开始招募")
    assert "幸福里3号楼热水系统检修临时停水通知" not in home  # expired on 2026-11-18
    assert "本周活动" in home and "11月23日–11月29日" in home
    assert "社区工作交流日" in home                      # every Thursday
    assert "学业门诊" in home and "党员活动室预约" in home
    assert 'id="yz-search-input"' in home


def test_drafts_are_nowhere(example_site):
    title = "寒假离校前宿舍安全检查安排"
    for path in example_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".js", ".ics"}:
            assert title not in path.read_text(encoding="utf-8", errors="ignore"), path


def test_notice_list_newest_first_with_pinned_on_top_and_expired_marked(example_site):
    page = main_text(read(example_site, "notices"))
    titles = re.findall(r'<span class="yz-card__title">(.*?)</span>\s*<span class="yz-card__meta">', page, re.S)
    pinned = [i for i, t in enumerate(titles) if "置顶" in t]
    assert pinned == [0, 1]
    dates = re.findall(r'<span class="yz-card__meta">(\d{4})年(\d+)月(\d+)日', page)
    unpinned = [tuple(map(int, d)) for d in dates[2:]]
    assert unpinned == sorted(unpinned, reverse=True)
    expired = next(t for t in titles if "热水系统检修" in t)
    assert "已过期" in expired


def test_event_page_shows_time_place_repeat_and_skipped_dates(example_site):
    page = main_text(read(example_site, "events/shequ-gongzuo-jiaoliuri"))
    assert "每周四" in page and "2027年1月14日" in page
    assert "幸福里3号楼一楼社区公共空间" in page
    assert "以下日期暂停" in page and "2026年12月31日" in page
    assert "2026年11月26日（周四）15:00–17:30" in page   # next occurrence after TODAY


def test_service_page_shows_hours_contact_steps(example_site):
    page = main_text(read(example_site, "services/xueye-menzhen"))
    assert "开放时间" in page and "<table" in page
    assert re.search(r"周[一二三四五六日]", page)
    assert 'data-hours="' in page


def test_policy_pages_warn_when_stale_or_expired(example_site):
    stale = main_text(read(example_site, "policies/xuesheng-sushe-guanli-guiding"))
    assert "内容可能已过时" in stale and "2025年6月10日" in stale
    expired = main_text(read(example_site, "policies/shuqi-liuxiao-zhusu"))
    assert "本政策已失效" in expired
    fresh = main_text(read(example_site, "policies/guojia-zhuxuejin"))
    assert "内容可能已过时" not in fresh and "本政策已失效" not in fresh


def test_figure_page_shows_photo_role_honours_quote(example_site):
    figure_dir = next(p for p in (example_site / "figures").iterdir() if p.is_dir())
    page = main_text((figure_dir / "index.html").read_text(encoding="utf-8"))
    photo = re.search(r'<img class="yz-profile__photo" src="([^"]+)"', page)
    assert photo and (figure_dir / photo.group(1)).resolve().is_file()
    assert "所获荣誉" in page and "yz-quote" in page


def test_lesson_attachment_is_copied_and_linked(example_site):
    page = main_text(read(example_site, "lessons/zhuanti-dangke-fenjin-xinzhengcheng"))
    link = re.search(r'<a href="([^"]+\.pdf)" download>', page)
    assert link
    target = (example_site / "lessons/zhuanti-dangke-fenjin-xinzhengcheng" / link.group(1)).resolve()
    assert target.read_bytes().startswith(b"%PDF")


def test_chinese_file_name_gets_pinyin_slug_and_body_links_resolve(example_site):
    assert (example_site / "policies/zhuan-sheng-ben-zheng-ce-jie-du/index.html").is_file()
    page = main_text(read(example_site, "notices/zhuanshengben-baoming-tixing"))
    assert 'href="../../policies/zhuan-sheng-ben-zheng-ce-jie-du/"' in page


def test_chinese_headings_get_readable_anchors(example_site):
    page = read(example_site, "policies/zhuan-sheng-ben-zheng-ce-jie-du")
    assert 'id="谁能报考"' in page
    assert 'id="_1"' not in page


def test_navigation_holds_sections_not_items(example_site):
    page = read(example_site, "notices")
    nav = re.search(r'<nav class="md-tabs".*?</nav>', page, re.S).group(0)
    assert "通知公告" in nav and "服务目录" in nav
    assert "期末考试周社区自习室延长开放" not in nav
    assert len(re.findall(r'class="md-tabs__link"', nav)) <= 10


def test_no_google_fonts_and_chinese_ui(example_site):
    page = read(example_site, "")
    assert '<html lang="zh"' in page
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
    assert "幸福里学生社区" in page


def test_tag_pages_list_items_of_all_types(example_site):
    tags = main_text(read(example_site, "tags"))
    first = re.search(r'<a class="yz-tag" href="([^"]+)">', tags).group(1)
    tag_page = main_text((example_site / "tags" / first / "index.html").read_text(encoding="utf-8"))
    types = set(re.findall(r'class="yz-card yz-card--(\w+)"', tag_page))
    assert len(types) >= 2, types   # the most used tag gathers items of several types


def test_an_item_with_several_tags_has_the_same_card_on_each_tag_page(site, tmp_path):
    site.item("notices/a.md", "title: 热水检修通知\ndate: 2026-11-20\ntags: [后勤, 宿舍, 安全]")
    site.item("notices/b.md", "title: 宿舍用电提醒\ndate: 2026-11-19\ntags: [宿舍]")
    files = build_tree(site, tmp_path / "out")
    pages = {path: main_text(data.decode()) for path, data in files.items()
             if path.startswith("tags/") and path.endswith("/index.html") and path != "tags/index.html"}
    assert len(pages) == 3
    cards = [re.search(r'<a class="yz-card yz-card--notices" href="../../notices/a/".*?</a>', text, re.S)
             for text in pages.values()]
    assert all(cards) and len({card.group(0) for card in cards}) == 1
    assert "热水检修通知" in cards[0].group(0)
    assert "宿舍用电提醒" in next(text for path, text in pages.items() if "su-she" in path)


def test_front_matter_values_are_escaped(site, cli, tmp_path):
    site.item("notices/x.md", 'title: "<script>alert(1)</script> 通知"\ndate: 2026-11-20\naudience: ["<b>3号楼</b>"]')
    out = tmp_path / "out"
    run = cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters")
    assert run.code == 0, run.err
    for url in ("notices/x", "notices", ""):
        html = read(out, url)
        assert "<script>alert(1)</script>" not in html
        assert "<b>3号楼</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 通知" in read(out, "notices/x")


def test_failed_build_leaves_previous_output_untouched(site, cli, tmp_path):
    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20")
    out = tmp_path / "out"
    assert cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters").code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    site.item("notices/b.md", "title: 坏通知\ndate: 2026-11-31")
    run = cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters")
    assert run.code == 1
    assert "content/notices/b.md:3: date: 日期“2026-11-31”不存在" in run.err
    assert "没有生成任何文件" in run.err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.")]


def test_python_m_generator_is_the_same_command(site):
    import subprocess
    import sys

    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20\nlocaton: x")
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--config", str(site.config)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "content/notices/a.md:4: locaton: 未知字段" in run.stderr
    assert "Traceback" not in run.stderr
