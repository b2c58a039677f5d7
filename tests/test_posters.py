"""Posters: real PDFs from WeasyPrint, checked with poppler and zbar as a printer would see them.

One session build of the example community with posters; small sites for the edge cases
(long text, sizes, missing font, reproducibility). Tools: pdfinfo, pdffonts, pdftotext,
pdftoppm (poppler-utils) and zbarimg (zbar-tools), installed by .ci/setup.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.build import BuildOptions, load_site
from generator.calendar.occurrences import between, week_of
from generator.model import Site
from generator.problems import Report
from tests.conftest import REPO, TODAY

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg")),
    reason="poppler-utils and zbar-tools are needed: run `bash .ci/setup` as root",
)

A4_POINTS = (595.28, 841.89)
A3_POINTS = (841.89, 1190.55)


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Every page's trim box in points (the paper size, without bleed)."""
    info = run("pdfinfo", "-box", "-f", "1", "-l", "99", pdf)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ TrimBox:\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", info)]


def pages(pdf: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf))[1])


def text(pdf: Path) -> str:
    """The PDF's text with all white space removed (titles wrap over lines)."""
    return re.sub(r"\s+", "", run("pdftotext", "-layout", pdf, "-"))


def qr_codes(pdf: Path, tmp: Path) -> list[str]:
    image = tmp / pdf.stem
    run("pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", pdf, image)
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{image}.png"],
                          capture_output=True, text=True)
    return done.stdout.split()


def same_size(actual: tuple[float, float], expected: tuple[float, float]) -> bool:
    return all(abs(a - e) < 0.5 for a, e in zip(actual, expected))


@pytest.fixture(scope="session")
def example() -> Site:
    return load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report())


@pytest.fixture(scope="session")
def built(example_with_posters: Path) -> Path:
    """The example community's posters/ folder (built once, tests/conftest.py)."""
    return example_with_posters / "posters"


# -- the example community ---------------------------------------------------------------

def test_a_poster_for_every_event_figure_policy_and_chosen_notice(built: Path, example: Site) -> None:
    expected = {f"{item.type.name}-{item.slug}.pdf" for item in example.items if item.wants_poster}
    assert {"events", "figures", "policies", "notices"} <= {name.split("-")[0] for name in expected}
    made = {p.name for p in built.glob("*.pdf")}
    monday, _ = week_of(date.fromisoformat(TODAY))
    following = monday + timedelta(days=7)  # this week's bulletin and next week's
    assert made == expected | {"service-directory.pdf", f"bulletin-{monday:%G-W%V}.pdf", f"bulletin-{following:%G-W%V}.pdf"}
    index = (built / "index.html").read_text(encoding="utf-8")
    for name in made:
        assert f'href="{name}"' in index
        assert (built / "thumbs" / name.replace(".pdf", ".png")).is_file()


def test_every_pdf_is_a4_with_embedded_fonts_and_one_page_per_poster(built: Path) -> None:
    for pdf in sorted(built.glob("*.pdf")):
        sizes = page_sizes(pdf)
        assert sizes and all(same_size(s, A4_POINTS) for s in sizes), (pdf.name, sizes)
        if pdf.name != "service-directory.pdf":
            assert len(sizes) == 1, f"{pdf.name} has {len(sizes)} pages"
        fonts = run("pdffonts", pdf).splitlines()[2:]
        assert fonts, f"{pdf.name}: no fonts"
        for line in fonts:
            assert re.search(r"\byes\s+yes\s+yes\b", line), f"{pdf.name}: font not embedded: {line}"
            assert "CJK" in line or "Noto" in line


def test_titles_are_real_text(built: Path, example: Site) -> None:
    for item in example.items:
        if item.wants_poster:
            shown = text(built / f"{item.type.name}-{item.slug}.pdf")
            assert re.sub(r"\s+", "", item.title) in shown, item.title


def test_qr_codes_decode_to_the_item_pages(built: Path, example: Site, tmp_path: Path) -> None:
    chosen = [example.by_type[name][0] for name in ("events", "figures", "policies")]
    chosen.append(next(n for n in example.by_type["notices"] if n.wants_poster))
    for item in chosen:
        codes = qr_codes(built / f"{item.type.name}-{item.slug}.pdf", tmp_path)
        assert example.absolute_url(item.url) in codes, (item.title, codes)
    assert qr_codes(built / f"bulletin-{week_of(example.today)[0]:%G-W%V}.pdf", tmp_path) == [example.config.site_url]


def test_service_directory_has_every_service_with_place_hours_and_a_qr(built: Path, example: Site,
                                                                        tmp_path: Path) -> None:
    pdf = built / "service-directory.pdf"
    shown = text(pdf)
    for service in example.by_type["services"]:
        assert re.sub(r"\s+", "", service.title) in shown
        assert re.sub(r"\s+", "", service.fields.location)[:12] in shown
    assert "时间" in shown
    codes = []
    for page in range(1, pages(pdf) + 1):
        image = tmp_path / f"dir-{page}"
        run("pdftoppm", "-png", "-r", "150", "-f", page, "-l", page, "-singlefile", pdf, image)
        codes += subprocess.run(["zbarimg", "--quiet", "--raw", f"{image}.png"], capture_output=True,
                                text=True).stdout.split()
    assert sorted(codes) == sorted(example.absolute_url(s.url) for s in example.by_type["services"])


def test_event_poster_shows_the_next_occurrence_of_a_repeating_event(built: Path, example: Site) -> None:
    party_day = next(e for e in example.by_type["events"] if e.fields.repeat and e.fields.repeat.nth)
    shown = text(built / f"events-{party_day.slug}.pdf")
    # the last Friday of November 2026, the week of TODAY
    assert "2026年11月27日（周五）" in shown
    assert re.sub(r"\s+", "", party_day.fields.location) in shown


@pytest.mark.parametrize("today, shown, absent", [
    ("2026-11-20", ["2026年11月24日（周二）", "每周二", "之后"], ["已结束", "2026年11月3日"]),
    ("2027-01-10", ["2026年12月29日（周二）", "已结束", "每周二"], ["2026年11月3日"]),
])
def test_a_repeats_poster_shows_its_next_date_or_its_last_and_its_rule(site, cli, tmp_path: Path, today: str,
                                                                       shown: list[str], absent: list[str]) -> None:
    site.item("events/weekly.md", "title: 每周学业门诊\nstart: 2026-11-03 19:00\nlocation: 3号楼\n"
                                  "repeat: {freq: weekly, days: [tue], until: 2026-12-31}")
    result = cli("posters", "--config", site.config, "--today", today, "--out", tmp_path / "p")
    assert result.code == 0, result.err
    poster = text(tmp_path / "p" / "events-weekly.pdf")
    assert all(part in poster for part in shown), poster
    assert not any(part in poster for part in absent), poster


def test_bulletin_holds_the_weeks_events_and_no_expired_notice(built: Path, example: Site) -> None:
    monday, sunday = week_of(example.today)
    shown = text(built / f"bulletin-{monday:%G-W%V}.pdf")
    occurrences = between(example.by_type["events"], monday, sunday)
    assert occurrences, "the example week should have events"
    for occurrence in occurrences:
        assert re.sub(r"\s+", "", occurrence.item.title) in shown
    expired = [n for n in example.by_type["notices"] if example.is_expired(n)]
    assert expired, "the example community should have an expired notice"
    for notice in expired:
        assert re.sub(r"\s+", "", notice.title) not in shown
    pinned = [n for n in example.by_type["notices"] if n.fields.pinned and not example.is_expired(n)]
    for notice in pinned:
        assert re.sub(r"\s+", "", notice.title) in shown


# -- small sites ------------------------------------------------------------------------

LONG_TITLE = ("关于做好二〇二七年寒假学生离校返乡安全教育、宿舍水电安全检查、贵重物品登记保管以及假期留校学生"
              "住宿管理等各项工作的补充通知（第二次修订版，请各楼栋长务必传达到每一位同学）")


def long_body(parts: int = 12) -> str:
    return "\n\n".join(f"## 第{i}部分\n\n" + "这是一段很长的正文，用来检验海报在正文过长时能否截断。" * 14
                       for i in range(1, parts + 1))


def test_long_title_and_body_stay_on_one_page(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.item("notices/long.md", f"title: {LONG_TITLE}\ndate: 2026-11-20\nposter: true\naudience: [全体同学]",
              long_body())
    site.item("notices/short.md", "title: 短通知\ndate: 2026-11-20\nposter: true", "一句话。\n")
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p")
    assert result.code == 0, result.err
    long_pdf, short_pdf = tmp_path / "p" / "notices-long.pdf", tmp_path / "p" / "notices-short.pdf"
    assert pages(long_pdf) == 1
    shown = text(long_pdf)
    assert LONG_TITLE[:30] in shown and "扫码查看全文" in shown and "全体同学" in shown
    assert "第1部分" in shown and "第12部分" not in shown
    assert "扫码查看全文" not in text(short_pdf)
    assert tmp_path.joinpath("p", "notices-long.pdf") and qr_codes(long_pdf, tmp_path) == [
        "https://test.example.edu.cn/notices/long/"]


def test_size_option_item_override_and_bleed(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.write("site_config.yml", site.config.read_text(encoding="utf-8") + "posters: {size: A4, bleed: true}\n")
    site.item("events/big.md", "title: 迎新晚会\nstart: 2026-11-25 19:00\nlocation: 礼堂\nposter: A3 横向")
    site.item("events/small.md", "title: 读书会\nstart: 2026-11-26 19:00")
    assert cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "a").code == 0
    assert page_sizes(tmp_path / "a" / "events-big.pdf") == [A3_POINTS[::-1]]
    assert same_size(page_sizes(tmp_path / "a" / "events-small.pdf")[0], A4_POINTS)
    media = run("pdfinfo", "-box", tmp_path / "a" / "events-small.pdf")
    bleed = float(re.search(r"MediaBox:\s+(-?[\d.]+)", media)[1])
    assert abs(bleed + 3 * 72 / 25.4) < 0.1  # 3 mm of bleed around the trim box
    assert cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "b", "--size", "A3").code == 0
    assert same_size(page_sizes(tmp_path / "b" / "events-small.pdf")[0], A3_POINTS)
    assert same_size(page_sizes(tmp_path / "b" / "events-big.pdf")[0], A3_POINTS[::-1])


def test_bulletin_of_a_chosen_week(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.item("events/weekly.md", "title: 每周学业门诊\nstart: 2026-11-03 19:00\n"
                                  "repeat: {freq: weekly, days: [tue], until: 2026-12-31}\nposter: false")
    site.item("events/once.md", "title: 期中分享会\nstart: 2026-11-12 14:00\nposter: false")
    site.item("notices/old.md", "title: 已经过期的停水通知\ndate: 2026-11-01\nexpires: 2026-11-05")
    site.item("notices/now.md", "title: 自习室延长开放\ndate: 2026-11-01\nexpires: 2026-12-31")
    site.item("notices/later.md", "title: 下个月才发布的通知\ndate: 2026-12-20")
    result = cli("posters", "--config", site.config, "--today", "2026-11-02", "--week", "2026-W50",
                 "--out", tmp_path / "p")
    assert result.code == 0, result.err
    shown = text(tmp_path / "p" / "bulletin-2026-W50.pdf")
    assert "每周学业门诊" in shown and "12月8日" in shown  # Tuesday of that week
    assert "期中分享会" not in shown
    assert "自习室延长开放" in shown
    assert "已经过期的停水通知" not in shown and "下个月才发布的通知" not in shown


def test_bad_week_is_a_usage_error(site, cli) -> None:  # noqa: ANN001
    for week in ("2026-48", "2026-W54", "W48"):
        result = cli("posters", "--config", site.config, "--week", week)
        assert result.code == 2 and ("2026-W48" in result.err or "没有第" in result.err), week


def test_missing_cjk_font_is_a_clear_error(site, cli, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # fc-list now finds no font at all
    site.item("events/e.md", "title: 读书会\nstart: 2026-11-26 19:00")
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p")
    assert result.code == 1
    assert "没有找到任何中文字体" in result.err and "fonts-noto-cjk" in result.err
    assert not (tmp_path / "p").exists()


def test_a_character_without_glyph_is_an_error_not_a_box(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.item("notices/odd.md", "title: 特殊字符\U0010fffd测试\ndate: 2026-11-20\nposter: true")
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p")
    assert result.code == 1
    assert "content/notices/odd.md" in result.err and "U+10FFFD" in result.err
    assert not (tmp_path / "p").exists()


def test_no_site_url_means_no_qr_and_a_warning(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    config = site.config.read_text(encoding="utf-8").replace("site_url: https://test.example.edu.cn/\n", "")
    site.write("site_config.yml", config)
    site.item("events/e.md", "title: 读书会\nstart: 2026-11-26 19:00")
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p")
    assert result.code == 0
    assert "site_url" in result.err and "二维码" in result.err
    assert qr_codes(tmp_path / "p" / "events-e.pdf", tmp_path) == []
    assert "读书会" in text(tmp_path / "p" / "events-e.pdf")


def test_posters_are_byte_identical_for_the_same_day(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.item("events/e.md", "title: 读书会\nstart: 2026-11-26 19:00\nlocation: 图书馆")
    site.item("services/s.md", "title: 打印室\ncategory: 生活服务\nlocation: 1号楼\n"
                               "hours: [{days: [mon, tue], open: \"08:00\", close: \"17:00\"}]")
    outputs = []
    for n in range(2):
        assert cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / str(n)).code == 0
        outputs.append({p.relative_to(tmp_path / str(n)): p.read_bytes()
                        for p in sorted((tmp_path / str(n)).rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    dates = run("pdfinfo", "-isodates", tmp_path / "0" / "events-e.pdf")
    assert re.search(r"CreationDate:\s+2026-11-23T00:00:00\+08", dates)  # TODAY, midnight in Asia/Shanghai
    day_after = (date.fromisoformat(TODAY) + timedelta(days=1)).isoformat()
    assert cli("posters", "--config", site.config, "--today", day_after, "--out", tmp_path / "later").code == 0
    assert (tmp_path / "later" / "events-e.pdf").read_bytes() != outputs[0][Path("events-e.pdf")]


def test_out_folder_with_other_files_is_not_replaced(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    precious = tmp_path / "mine" / "thesis.docx"
    precious.parent.mkdir()
    precious.write_text("draft")
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", precious.parent)
    assert result.code == 2 and "不覆盖" in result.err
    assert precious.read_text() == "draft"


def test_only_one_part_of_the_posters(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    """`posters --only bulletin|directory|items` (SPEC §4; any case)."""
    site.item("events/e.md", "title: 读书会\nstart: 2026-11-26 19:00\nlocation: 二楼活动室")
    site.item("services/s.md", "title: 洗衣房\ncategory: 生活服务\nlocation: 一楼")
    made = {}
    for part in ("Bulletin", "directory", "items"):
        out = tmp_path / part
        result = cli("posters", "--config", site.config, "--today", TODAY, "--only", part, "--out", out)
        assert result.code == 0, result.err
        made[part] = sorted(p.name for p in out.glob("*.pdf"))
    assert made["Bulletin"] == ["bulletin-2026-W48.pdf", "bulletin-2026-W49.pdf"]
    assert made["directory"] == ["service-directory.pdf"]
    assert made["items"] == ["events-e.pdf"]
    wrong = cli("posters", "--config", site.config, "--only", "all")
    assert wrong.code == 2 and "bulletin、directory、items" in wrong.err
