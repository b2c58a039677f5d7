"""Posters worth putting on the board (issue 15), checked on renderings as staff see them:
the page filled down to the footer, the pictures there and sharp, no title line of one
character, compact days, both bulletins and the 打印海报 link on every page.

Fill: `pdftoppm -gray -r 40`, the footer's rule found from the bottom (a row inked across
the page), then the lowest inked row above it: at most 15 % of the page height between.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from generator.build import BuildOptions, load_site
from generator.posters.items import item_poster
from generator.posters.bulletin import bulletin
from generator.posters.make import page_format
from generator.posters.render import Renderer
from generator.problems import Report
from tests.conftest import REPO, TODAY
from tests.pagetypes import one_of_each_type

sys.path.insert(0, str(REPO / "bench"))
from corpus import generate  # noqa: E402

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext", "pdfimages", "pdfinfo")),
    reason="poppler-utils is needed: run `bash .ci/setup` as root",
)

MOST_EMPTY = 0.15


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def empty_above_footer(pdf: Path, tmp: Path) -> float:
    """The share of the page height left blank between the content and the footer's rule."""
    target = tmp / f"fill-{pdf.stem}"
    run("pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", pdf, target)
    image = Image.open(f"{target}.pgm")
    width, height = image.size
    pixels = image.load()
    margin = width // 12  # the side margins hold nothing of main

    def inked(y: int, threshold: int = 235) -> int:
        return sum(1 for x in range(margin, width - margin) if pixels[x, y] < threshold)

    span = width - 2 * margin
    rule = next(y for y in range(height - 1, height // 3, -1) if inked(y, 250) >= 0.95 * span)
    lowest = next(y for y in range(rule - 2, 0, -1) if inked(y) > 0)
    return (rule - 1 - lowest) / height


def images(pdf: Path) -> list[dict[str, str]]:
    lines = run("pdfimages", "-list", pdf).splitlines()[2:]
    keys = ["page", "num", "type", "width", "height", "color", "comp", "bpc", "enc", "interp", "object", "id",
            "x-ppi", "y-ppi", "size", "ratio"]
    return [dict(zip(keys, line.split())) for line in lines]


def title_lines(pdf: Path, title: str) -> list[str]:
    """The lines of the page's text that are pieces of `title` (pdftotext -layout)."""
    squeezed = re.sub(r"\s+", "", title)
    found = []
    for line in run("pdftotext", "-layout", "-f", "1", "-l", "1", pdf, "-").splitlines()[:25]:
        if not line.strip() or line.startswith(" " * 12):  # blank, or the right column alone (landscape)
            continue
        piece = re.sub(r"\s+", "", re.split(r"\s{3,}", line.strip())[0])  # a landscape's left column
        if piece and piece in squeezed and (found or squeezed.startswith(piece)):
            found.append(piece)
            if "".join(found) == squeezed:
                return found
        elif found:
            found = []
    return found


def one_character(line: str) -> bool:
    return len(re.sub(r"[，。、；：？！）》」』】”’…·,.;:?!)\]]", "", line)) <= 1


@pytest.fixture(scope="module")
def example_site(example_with_posters: Path) -> Path:
    """The example community, posters included (built once, tests/conftest.py)."""
    return example_with_posters


# -- the example community ---------------------------------------------------------------

def test_every_poster_of_the_example_fills_its_page(example_site: Path, tmp_path: Path) -> None:
    posters = sorted((example_site / "posters").glob("*.pdf"))
    measured = {pdf.name: empty_above_footer(pdf, tmp_path) for pdf in posters
                if not pdf.name.startswith("service-directory")}
    assert len(measured) >= 25
    too_empty = {name: f"{share:.0%}" for name, share in measured.items() if share > MOST_EMPTY}
    assert not too_empty, too_empty


def test_pictures_are_on_the_posters_cropped_not_stretched(example_site: Path) -> None:
    for name in ("figures-chen-siyuan.pdf", "figures-huang-yutong.pdf"):
        found = images(example_site / "posters" / name)
        assert found, f"{name}: no picture"
        photo = max(found, key=lambda i: int(i["width"]))
        assert photo["x-ppi"] == photo["y-ppi"]            # the same scale both ways: cropped, not stretched
        assert int(photo["x-ppi"]) >= 145


def test_no_title_line_holds_one_character(example_site: Path) -> None:
    example = load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report())
    checked = 0
    for item in example.items:
        pdf = example_site / "posters" / f"{item.type.name}-{item.slug}.pdf"
        if pdf.exists() and item.type.name != "figures":
            lines = title_lines(pdf, item.title)
            assert lines, f"{pdf.name}: title not found"
            assert not any(one_character(line) for line in lines), (pdf.name, lines)
            checked += 1
    assert checked >= 15


def test_days_are_written_compactly(example_site: Path) -> None:
    for pdf in (example_site / "posters").glob("*.pdf"):
        shown = re.sub(r"\s+", "", run("pdftotext", pdf, "-"))
        assert not re.search(r"周[一二三四五六日]、周[一二三四五六日]、周[一二三四五六日]、周", shown), pdf.name
    directory = re.sub(r"\s+", "", run("pdftotext", example_site / "posters" / "service-directory.pdf", "-"))
    assert "周一至周五" in directory


def test_this_and_next_weeks_bulletins_first_then_posters_by_type(example_site: Path) -> None:
    folder = example_site / "posters"
    assert (folder / "bulletin-2026-W48.pdf").exists() and (folder / "bulletin-2026-W49.pdf").exists()
    index = (folder / "index.html").read_text(encoding="utf-8")
    first_row = index[index.index('<ul class="grid first">'):]
    first_row = first_row[: first_row.index("</ul>")]
    assert "bulletin-2026-W48.pdf" in first_row and "bulletin-2026-W49.pdf" in first_row
    assert "生成于" in index and "<h2>活动（" in index and "<h2>典型人物（" in index
    sheet = Image.open(folder / "contact-sheet.png")
    assert 'src="contact-sheet.png"' in index and sheet.width > 500 and sheet.height >= 150
    shown = re.sub(r"\s+", "", run("pdftotext", folder / "bulletin-2026-W48.pdf", "-"))
    assert "面向" in shown and "本周开放的服务" in shown and "周日" in shown
    assert "下周活动与通知" in re.sub(r"\s+", "", run("pdftotext", folder / "bulletin-2026-W49.pdf", "-"))


def test_print_link_on_every_page_type(example_site: Path) -> None:
    pages = one_of_each_type(example_site)
    pages = [p for p in pages if "posters" not in p.relative_to(example_site).parts[:1]
             and p.relative_to(example_site).parts[0] not in ("kiosk", "offline")]
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]*posters/index\.html)"[^>]*>打印海报</a>', html)
        assert link, page
        target = (page.parent / link[1]).resolve() if not link[1].startswith("/") else None
        assert target is None or target == (example_site / "posters" / "index.html").resolve(), (page, link[1])


def test_a_build_without_posters_still_answers_the_link(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.item("notices/one.md", "title: 一条通知\ndate: 2026-11-20")
    assert cli("build", "--config", site.config, "--out", tmp_path / "out", "--today", TODAY, "--no-posters").code == 0
    assert "yizhan posters" in (tmp_path / "out" / "posters" / "index.html").read_text(encoding="utf-8")


# -- made-up sites ------------------------------------------------------------------------

def picture(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, "#c62828")
    for x in range(0, size[0], 40):
        image.paste("#ffc107", (x, 0, x + 20, size[1]))
    image.save(path)


def test_cover_on_the_poster_sharp_and_a_small_one_named(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    picture(site.root / "content/assets/big.png", (1600, 900))
    picture(site.root / "content/assets/tiny.png", (160, 90))
    site.item("events/big.md", "title: 迎新晚会\nstart: 2026-11-25 19:00\nlocation: 礼堂\ncover: ../assets/big.png")
    site.item("events/tiny.md", "title: 读书会\nstart: 2026-11-26 19:00\nlocation: 图书馆\ncover: ../assets/tiny.png")
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p")
    assert result.code == 0, result.err
    big = images(tmp_path / "p" / "events-big.pdf")
    assert len(big) == 1 and big[0]["x-ppi"] == big[0]["y-ppi"] and int(big[0]["x-ppi"]) >= 150
    assert images(tmp_path / "p" / "events-tiny.pdf")
    problems = result.out + result.err
    assert "tiny.png" in problems and "dpi" in problems and "big.png" not in problems
    for name in ("events-big.pdf", "events-tiny.pdf"):
        assert empty_above_footer(tmp_path / "p" / name, tmp_path) <= MOST_EMPTY


@pytest.mark.parametrize("paper", ["A3", "A4 横向", "A3 横向"])
def test_a3_and_landscape_fill_their_paper(site, cli, tmp_path: Path, paper: str) -> None:  # noqa: ANN001
    body = "\n\n".join("社区将在本周组织志愿服务活动，欢迎同学们报名参加，一起把幸福里建设得更好。" * 3 for _ in range(3))
    site.item("events/one.md", f"title: 社区志愿服务日\nstart: 2026-11-25 14:00\nlocation: 幸福里3号楼门前广场\n"
                               f"poster: {paper}", body)
    site.item("notices/short.md", f"title: 停水通知\ndate: 2026-11-20\nposter: {paper}", "周三上午九点至十二点停水。\n")
    assert cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p").code == 0
    for name in ("events-one.pdf", "notices-short.pdf"):
        assert empty_above_footer(tmp_path / "p" / name, tmp_path) <= MOST_EMPTY, name
        lines = title_lines(tmp_path / "p" / name, "社区志愿服务日" if "events" in name else "停水通知")
        assert lines and not any(one_character(line) for line in lines)


def test_titles_that_would_leave_one_character_alone(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    titles = ["关于开展冬季学生宿舍安全检查的通知", "社区服务大厅冬季作息时间调整", "2026—2027学年国家奖助学金评审工作安排",
              "专升本政策解读（2027年）", "第六期学生干部成长训练营开始招募报名"]
    for n, title in enumerate(titles):
        site.item(f"notices/t{n}.md", f"title: {title}\ndate: 2026-11-20\nposter: true")
    assert cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p").code == 0
    for n, title in enumerate(titles):
        lines = title_lines(tmp_path / "p" / f"notices-t{n}.pdf", title)
        assert lines and not any(one_character(line) for line in lines), (title, lines)


def test_a_long_week_goes_on_to_a_second_sheet(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    for n in range(30):
        site.item(f"notices/n{n}.md", f"title: 第{n}号通知：请同学们按时完成相关事项\ndate: 2026-11-20\naudience: [2025级]\n"
                                      f"summary: 这是第{n}号通知的摘要，说明办理时间、地点和需要携带的材料，请相互转告。")
    for n in range(12):
        site.item(f"events/e{n}.md", f"title: 第{n}场活动\nstart: 2026-11-{23 + n % 7} 1{n % 10}:00\nlocation: 幸福里{n}号楼")
    assert cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p").code == 0
    pdf = tmp_path / "p" / "bulletin-2026-W48.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf))[1])
    assert pages >= 2
    assert "号通知" in run("pdftotext", "-f", str(pages), "-l", str(pages), pdf, "-")   # not the QR code alone
    shown = re.sub(r"\s+", "", run("pdftotext", pdf, "-"))
    assert all(f"第{n}号通知" in shown for n in range(30)) and "第11场活动" in shown and "面向2025级" in shown


def test_posters_of_a_generated_site_fill_their_pages(tmp_path: Path) -> None:
    """A sample of the posters of a generated 500-item community (every kind, each paper)."""
    generate(tmp_path / "corpus", 500, 0)
    corpus = load_site(BuildOptions(config_path=tmp_path / "corpus" / "site_config.yml", today=TODAY), Report())
    renderer = Renderer(corpus)
    wanted = [item for item in corpus.items if item.wants_poster]
    by_kind: dict[str, list] = {}
    for item in wanted:
        by_kind.setdefault(item.type.name, []).append(item)
    sample = [item for items in by_kind.values() for item in items[:: max(1, len(items) // 5)][:5]]
    assert len(sample) >= 12
    too_empty = {}
    for item in sample:
        pdf = tmp_path / f"{item.type.name}-{item.slug}.pdf"
        pdf.write_bytes(item_poster(renderer, item, page_format(corpus, item.fields.poster)))
        share = empty_above_footer(pdf, tmp_path)
        if share > MOST_EMPTY:
            too_empty[pdf.name] = f"{share:.0%}"
    assert not too_empty, too_empty
    for monday in (date(2026, 11, 23), date(2026, 11, 30)):
        pdf = tmp_path / f"bulletin-{monday}.pdf"
        pdf.write_bytes(bulletin(renderer, monday, page_format(corpus)))
        assert empty_above_footer(pdf, tmp_path) <= MOST_EMPTY, pdf.name
