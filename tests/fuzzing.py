"""Fuzzing `check` and `build` with hypothesis: content files with mutated front matter and
random bodies. Shared by the suite's bounded run (tests/test_robustness.py) and the long
run (bench/fuzz.py).

Every run must end with exit 0 or 1, no internal error or traceback, every problem on one
line `path:line: field: message`, and `check`'s verdict equal to `build`'s.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import MINIMAL_CONFIG as CONFIG, TODAY

# A 1×1 PNG, a text file and an SVG in content/assets, for cover/photo/attachments to name.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
ASSETS = {"a.png": PNG, "x.txt": "不是图片".encode(), "b.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>'}

# A valid front matter per type: the fuzzer mutates it (a fully random one would almost
# never get past the first required field).
BASES: dict[str, dict[str, str]] = {
    "notices": {"title": "热水检修通知", "date": "2026-11-20", "expires": "2026-12-20", "tags": "[后勤]"},
    "events": {"title": "心灵茶话会", "start": "2026-11-27 19:00", "end": "2026-11-27 21:00",
               "location": "3号楼活动室", "category": "党建活动", "capacity": "30",
               "repeat": "{freq: weekly, days: [thu], count: 4}"},
    "lessons": {"title": "微党课", "date": "2026-11-25", "time": "19:00", "speaker": "王老师"},
    "figures": {"title": "陈思远", "role": "2023级 学生党员", "consent": "true", "photo": "../assets/a.png",
                "honors": "[2025年 国家奖学金]"},
    "services": {"title": "自习室", "category": "生活服务", "location": "5号楼",
                 "hours": "[{days: [mon, tue], open: '08:00', close: '22:00'}]", "contact": "{phone: 0571-1234567}"},
    "policies": {"title": "国家助学金", "category": "奖助学金", "reviewed": "2026-10-01",
                 "deadlines": "[{date: 2026-12-01, title: 提交申请}]", "source": "{title: 原文, url: https://x.example/}"},
    "pages": {"title": "关于我们", "order": "1"},
}
FIELDS = sorted({key for base in BASES.values() for key in base} | {
    "summary", "draft", "slug", "cover", "attachments", "poster", "pinned", "audience", "organizer",
    "registration", "except", "series", "readings", "year", "quote", "provider", "hours_note", "steps",
    "materials", "issued_by", "effective", "applies_to"})

_CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029")
_NASTY = ("\ufeff", "\u200b", "\u3000", "\t", "\n", "\r", "\r\n", "\\", '"', "'", ":", ": ", "#", " #", "-", "- ", "[", "]",
          "{", "}", ",", "&a", "*a", "!", "!!python/object:os.system", "|", ">", "%", "@", "`", "<", ">",
          "&", "<script>alert(1)</script>", "{{ x }}", "{% raw %}", "../", "/", "..", "~", "null", "true",
          "2026-02-30", "24:00", "19:00", "2026-11-20 19:00", "https://x.example/", "javascript:alert(1)",
          "9" * 40, "-1", "0", "1e400", ".inf", "😀", "𠀀", "中文", "测试")
_PLAIN = st.sampled_from("甲乙丙丁一站通知活动热水检修 abcXYZ019-_，。")
_CHARS = st.one_of(_PLAIN, _PLAIN, _PLAIN, st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
                   st.sampled_from(_NASTY))
# Mostly text without control characters (those stop a file at once); sometimes with.
_TEXT = st.one_of(*[st.lists(_CHARS, max_size=30).map("".join)] * 6,
                  st.lists(st.one_of(_CHARS, st.sampled_from(_CONTROLS), st.characters()), max_size=30).map("".join))


def _value() -> st.SearchStrategy[str]:
    """A value as written after `key: `: plain, quoted, a list, a mapping, or anything."""
    scalar = st.one_of(
        _TEXT, st.sampled_from(_NASTY),
        st.integers(-10**40, 10**40).map(str),
        st.sampled_from(["2026-11-20", "2026-11-20 19:00", "19:00", "true", "false", "~", "''", '""', "[]", "{}",
                         "A3", "A4 横向", "../assets/a.png", "../assets/x.txt", "../assets/b.svg", "/assets/a.png",
                         "../../../etc/passwd", "nope.jpg", "a" * 300, "标" * 80, "mon", "[-1, fri]"]),
    )
    quoted = _TEXT.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"')
    flow = st.lists(st.one_of(scalar, quoted), max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    mapping = st.dictionaries(st.sampled_from(["freq", "days", "until", "count", "interval", "day", "nth", "title",
                                               "file", "url", "date", "phone", "open", "close", "year"]),
                              st.one_of(scalar, flow), max_size=4).map(
        lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}")
    block = st.lists(st.one_of(scalar, quoted), min_size=1, max_size=3).map(
        lambda xs: "\n" + "".join(f"  - {x}\n" for x in xs).rstrip("\n"))
    literal = _TEXT.map(lambda t: "|\n  " + t.replace("\n", "\n  "))
    return st.one_of(scalar, quoted, flow, mapping, block, literal)


@st.composite
def front_matters(draw: st.DrawFn, type_name: str) -> str:
    fields = dict(BASES[type_name])
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        action = draw(st.sampled_from(["set", "set", "drop", "add"]))
        if action == "drop" and fields:
            fields.pop(draw(st.sampled_from(sorted(fields))))
        else:
            key = draw(st.one_of(st.sampled_from(FIELDS), _TEXT)) if action == "add" else draw(st.sampled_from(FIELDS))
            fields[key] = draw(_value())
    lines = [f"{key}: {value}" for key, value in fields.items()]
    if draw(st.integers(0, 9)) == 0:   # raw lines anywhere
        lines.insert(draw(st.integers(0, len(lines))), draw(_TEXT))
    return "\n".join(lines)


_BODY_LINES = st.one_of(
    _TEXT,
    st.sampled_from([
        "# 标题", "## 小标题", "- 列表项", "1. 第一步", "| 甲 | 乙 |", "|---|---|", "| 1 | 2 |", "> 引用",
        "```", "```python", "    缩进代码", "!!! note \"提示\"", "    提示内容", "<details><summary>更多</summary>",
        "</details>", "[链接](../notices/a.md)", "[外链](https://x.example/)", "![图](../assets/a.png)",
        "![图](nope.png)", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
        "{{ site_name }}", "{% if %}", "<!-- 注释", "-->", "---", "***", "[^1]", "[^1]: 脚注", "*[HTML]: 缩写",
        "手机 13812345678", "身份证 110101199003077777", "【待填写】", "&nbsp;&lt;", "\\", "\x00", "\x1b[31m", "\x0c",
        "a" * 3000, "中" * 2000, "![](", "[](", "<", "<a href='", "$$", "==标记==", "~~删除~~", "- [ ] 任务",
    ]),
)
BODIES = st.lists(_BODY_LINES, max_size=8).map("\n".join)

# File names: ordinary, Chinese, and anything a file system takes (no "/", no NUL).
_NAME_CHARS = st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=("Cs",))
FILE_NAMES = st.one_of(
    st.sampled_from(["a", "reshui-tongzhi", "热水检修通知", "通知 (1)", "a#b?c%20", "标" * 60, "x" * 240, "-", "_"]),
    st.text(_NAME_CHARS, min_size=1, max_size=60),
).filter(lambda n: n not in (".", "..") and not n.startswith(".") and len(n.encode("utf-8")) <= 240)


@st.composite
def sites(draw: st.DrawFn) -> list[tuple[str, str]]:
    """1–2 content files: (path under content/, text)."""
    files: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 2))):
        type_name = draw(st.sampled_from(sorted(BASES)))
        name = draw(FILE_NAMES)
        front = draw(front_matters(type_name))
        body = draw(BODIES)
        opening = draw(st.sampled_from(["---\n"] * 12 + ["\ufeff---\n", "---\r\n", "--- \n", ""]))
        files[f"{type_name}/{name}.md"] = f"{opening}{front}\n---\n{body}\n"
    return sorted(files.items())


@dataclass
class Outcome:
    check: tuple[int, str]
    build: tuple[int, str]


def write_site(root: Path, files: list[tuple[str, str]]) -> None:
    """A fresh site directory at `root` holding `files` (and the assets they may name)."""
    shutil.rmtree(root / "content", ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    for name, data in ASSETS.items():
        (root / "content" / "assets").mkdir(parents=True, exist_ok=True)
        (root / "content" / "assets" / name).write_bytes(data)
    for relative, text in files:
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))


def run(*args: str) -> tuple[int, str]:
    """The CLI in this process: its exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue() + err.getvalue()


def check_and_build(root: Path) -> Outcome:
    config = str(root / "site_config.yml")
    return Outcome(run("check", "--config", config, "--today", TODAY),
                   run("build", "--config", config, "--no-posters", "--today", TODAY, "--out", str(root / "site")))


_PROBLEM = re.compile(r"^(content/.+|site_config\.yml|mkdocs)(:\d+)?: \S.*?: .+$")
_OTHER = ("━━ ", "共 ", "没有生成任何文件", "网站已生成", "检查通过")


def violations(outcome: Outcome) -> list[str]:
    """What is wrong with the outcome: empty when check and build behaved."""
    found = []
    for name, (code, text) in (("check", outcome.check), ("build", outcome.build)):
        if code not in (0, 1):
            found.append(f"{name}: exit {code}")
        if "内部错误" in text or "Traceback" in text:
            found.append(f"{name}: {text.strip()[-500:]}")
        for line in text.splitlines():
            if not (line.startswith(_OTHER) or _PROBLEM.match(line)):
                found.append(f"{name}: not a one-line problem: {line[:300]!r}")
    if outcome.check[0] != outcome.build[0]:
        found.append(f"check exits {outcome.check[0]}, build {outcome.build[0]}:\n{outcome.check[1]}\n{outcome.build[1]}")
    return found
