"""The `yizhan` command: arguments → call → message → exit code (SPEC §4).

Exit codes: 0 done, 1 content or config errors, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Callable

from generator.build import build, build_posters, check
from generator.pipeline import BuildOptions
from generator.output import UnsafeOutput
from generator.problems import ContentError, Report, one_line

OK, CONTENT_ERRORS, USAGE = 0, 1, 2


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese (help, usage errors with “是不是想写 build？”); usage errors exit with 2."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示这段说明")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"yizhan: {_in_chinese(message, self)}", file=sys.stderr)
        raise SystemExit(USAGE)


def _close(word: str, choices: list[str]) -> str:
    import difflib
    lowered = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.5)
    return f"是不是想写 {lowered[found[0]]}？" if found else ""


def _in_chinese(message: str, parser: argparse.ArgumentParser) -> str:
    """argparse's English usage errors, said in Chinese with what to type instead."""
    found = re.fullmatch(r"argument (.+?): invalid choice: '(.*)' \(choose from (.*)\)", message, re.S)
    if found:
        name, value, listed = found.groups()
        choices = re.findall(r"'([^']*)'", listed)
        if not name.startswith("-"):
            return f"没有 {value} 这个命令，{_close(value, choices)}可用的命令：{'、'.join(choices)}"
        return f"{name} 只能是 {'、'.join(choices)}，而不是“{value}”。{_close(value, choices)}"
    found = re.fullmatch(r"the following arguments are required: (.*)", message)
    if found:
        return f"缺少{'、'.join(found.group(1).split(', '))}：完整的写法见 {parser.prog} --help"
    found = re.fullmatch(r"unrecognized arguments: (.*)", message)
    if found:
        words = found.group(1).split()
        parsers = [parser, *(sub for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                             for sub in action.choices.values())]
        options = [o for each in parsers for action in each._actions for o in action.option_strings]
        hint = _close(words[0], options) if words[0].startswith("-") else ""
        return f"不认识的参数：{' '.join(words)}。{hint}可用的写法见 {parser.prog} --help"
    found = re.fullmatch(r"argument (.+?): expected one argument", message)
    if found:
        return f"{found.group(1)} 后面要写一个值"
    found = re.fullmatch(r"argument (.+?): invalid (\w+) value: '(.*)'", message)
    if found:
        name, kind, value = found.groups()
        return f"{name} 应为{'整数' if kind == 'int' else '正确的值'}，而不是“{value}”"
    found = re.fullmatch(r"ambiguous option: (\S+) could match (.*)", message)
    if found:
        return f"“{found.group(1)}”不明确，可能是：{found.group(2).replace(', ', '、')}"
    found = re.fullmatch(r"argument (.+?): (.*)", message, re.S)
    if found and re.search(r"[\u4e00-\u9fff]", found.group(2)):   # our own types' messages
        return f"{found.group(1)}：{found.group(2)}"
    return f"用法不对：{message}（完整的写法见 {parser.prog} --help）"


def _day(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，而不是“{text}”") from None
    return text


def _week(text: str) -> str:
    from generator.posters.weeks import parse_week
    try:
        parse_week(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog="yizhan", description="一站：把 content/ 里的 Markdown 变成社区网站、日历和海报。")
    main.add_argument("--config", type=Path, default=None, metavar="文件", help="site_config.yml 的路径（默认：当前目录）")
    commands = main.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    def command(name: str, help_text: str, dated: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="文件", help="site_config.yml 的路径")
        if dated:
            sub.add_argument("--today", type=_day, metavar="日期", help="把这一天当作“今天”（YYYY-MM-DD），用于可重复的构建")
        return sub

    b = command("build", "构建网站和海报")
    b.add_argument("--out", type=Path, metavar="目录", help="输出目录（默认 site/）")
    b.add_argument("--drafts", action="store_true", help="也发布草稿")
    b.add_argument("--strict", action="store_true", help="把警告当作错误")
    b.add_argument("--no-posters", dest="posters", action="store_false", help="不生成海报")
    b.add_argument("--cache", type=Path, metavar="目录",
                   help="构建缓存目录（如 .yizhan-cache），在多次构建之间保留：只重新生成改动过的页面")
    po = command("posters", "只生成海报 PDF（默认写到 site/posters/）")
    po.add_argument("--out", type=Path, metavar="目录", help="海报的输出目录（默认 site/posters/，即网站里的海报）")
    po.add_argument("--week", type=_week, metavar="周",
                    help="每周公告栏的周次：2026-W48、某一天如 2026-11-25（它所在的周）、this/本周 或 next/下周（默认本周）")
    po.add_argument("--size", type=str.upper, choices=["A4", "A3"], help="纸张大小（a3 也可以），覆盖 site_config.yml 和每篇内容的设置")
    po.add_argument("--audience", help="只为一个楼栋或年级做每周公告栏，如 4号楼（全体的通知也在上面）")
    po.add_argument("--only", type=str.lower, choices=["bulletin", "directory", "items"],
                    help="只做一种：bulletin（每周公告栏）、directory（服务目录）或 items（每篇内容的海报）")
    po.add_argument("--strict", action="store_true", help="把警告当作错误")
    c = command("check", "只检查内容，不写任何文件")
    c.add_argument("--drafts", action="store_true", help="也检查草稿")
    c.add_argument("--strict", action="store_true", help="把警告当作错误")
    s = command("serve", "本地预览：生成网站并在浏览器中打开，保存文件后自动刷新")
    s.add_argument("--port", type=int, default=8000, metavar="端口", help="端口（默认 8000）")
    s.add_argument("--no-drafts", dest="drafts", action="store_false", help="不显示草稿（默认显示，便于边写边看）")
    n = command("new", "新建一篇内容，属性区已填好示例：yizhan new 活动 \"迎新晚会\"")
    n.add_argument("type", metavar="类型", help="notices/通知、events/活动、lessons/党课、figures/人物、services/服务、policies/政策、pages/页面")
    n.add_argument("title", metavar="标题", help="标题（典型人物：姓名）")
    i = commands.add_parser("init", help="新建一个社区网站：yizhan init 文件夹 --name 社区名称",
                            description="新建一个社区网站：site_config.yml、每种内容一篇示例（草稿）、标志占位图；"
                                        "文件夹必须是新的或空的")
    i.add_argument("folder", type=Path, metavar="文件夹", help="新网站的文件夹（新的或空的）")
    i.add_argument("--name", required=True, metavar="名称", help="社区的名称，如 青禾学生社区")
    sc = command("schema", "导出每种内容的 JSON Schema 和 VS Code 设置，供编辑器提示和检查", dated=False)
    sc.add_argument("--out", type=Path, metavar="目录", help="输出目录（默认 .vscode/yizhan-schemas/）")
    return main


def _config_path(args: argparse.Namespace) -> Path:
    return (args.config or Path("site_config.yml")).resolve()


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        config_path=_config_path(args), out=getattr(args, "out", None), today=getattr(args, "today", None),
        drafts=getattr(args, "drafts", False), strict=getattr(args, "strict", False),
        posters=getattr(args, "posters", True),
        cache=getattr(args, "cache", None),
    )


def print_report(report: Report, strict: bool = False) -> None:
    """Every problem, grouped by file, then a count."""
    for line in report.summary(strict):
        print(line, file=sys.stderr)


def _run_build(args: argparse.Namespace) -> int:
    options = _options(args)
    report = build(options)
    print_report(report, options.strict)
    print(f"网站已生成：{options.out or _config_path(args).parent / 'site'}")
    return OK


def _run_check(args: argparse.Namespace) -> int:
    options = _options(args)
    report = check(options)
    print_report(report, options.strict)
    if not report.problems:
        print("检查通过：没有发现问题。")
    return CONTENT_ERRORS if report.failed(options.strict) else OK


def _run_posters(args: argparse.Namespace) -> int:
    options = _options(args)
    if args.week:   # `本周`, `next`, a date: named as the ISO week of the site's today
        from generator.config import load_config
        from generator.model import today_from
        from generator.posters.weeks import parse_week, week_name
        args.week = week_name(parse_week(args.week, today_from(options.today, load_config(options.config_path))))
    report, folder, count = build_posters(options, args.week, args.size, args.audience, args.only)
    print_report(report, options.strict)
    if report.failed(options.strict):
        return CONTENT_ERRORS
    print(f"已生成 {count} 份海报：{folder}（打开 {folder / 'index.html'} 可预览和打印）")
    return OK


def _run_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve
    options = _options(args)
    options.posters = False     # posters take minutes at scale: `yizhan posters` makes them
    return serve(options, port=args.port)


def _run_new(args: argparse.Namespace) -> int:
    from generator.scaffold import new
    return new(_config_path(args), args.type, args.title, today=args.today)


def _run_init(args: argparse.Namespace) -> int:
    from generator.scaffold import init
    return init(args.folder, args.name)


def _run_schema(args: argparse.Namespace) -> int:
    from generator.schema import export
    return export(_config_path(args), args.out)


# What the system refused, by errno (an OSError, or its text when it came back from a forked
# process as a message): a message that says what to do, and the exit code.
_SYSTEM_TROUBLE = {
    errno.ENOSPC: ("磁盘空间已满，无法写入{where}：请清理磁盘（或换一个有空间的 --out 目录）后重试", CONTENT_ERRORS),
    errno.EDQUOT: ("磁盘配额已用完，无法写入{where}：请清理空间后重试", CONTENT_ERRORS),
    errno.EROFS: ("输出位置是只读的，无法写入{where}：请用 --out 换一个可以写入的目录", USAGE),
    errno.EACCES: ("没有权限读写{where}：请检查文件和文件夹的权限，或用 --out 换一个目录", USAGE),
    errno.EPERM: ("系统不允许读写{where}：请检查文件和文件夹的权限，或用 --out 换一个目录", USAGE),
}
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\][^:]*(?::\s*'([^']*)')?")


def _output_folder(args: argparse.Namespace) -> Path | None:
    """Where the command writes, if it writes a site or posters."""
    site = _config_path(args).parent / "site"
    if args.command == "build":
        return args.out or site
    if args.command == "posters":
        return args.out or site / "posters"
    return None


def _system_trouble(exc: BaseException, out: Path | None = None) -> tuple[str, int] | None:
    """A message for an exception caused by the disk or the permissions, else None. A full or
    read-only disk is named by the output folder (the file named may be the copy's source)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        number, where = None, None
        if isinstance(current, OSError) and current.errno in _SYSTEM_TROUBLE:
            number, where = current.errno, current.filename
        else:
            match = _ERRNO_TEXT.search(str(current))
            if match and int(match.group(1)) in _SYSTEM_TROUBLE:
                number, where = int(match.group(1)), match.group(2)
        if number is not None:
            message, code = _SYSTEM_TROUBLE[number]
            if out is not None and number in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                named = f"输出目录 {one_line(str(out))}"
            else:
                named = f" {one_line(str(where))}" if where else "文件"
            return message.format(where=named), code
        current = current.__cause__ or current.__context__
    return None


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _run_build, "check": _run_check, "posters": _run_posters,
    "serve": _run_serve, "new": _run_new, "schema": _run_schema, "init": _run_init,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.command:
        parser().print_help(sys.stderr)
        return USAGE
    config_path = _config_path(args)
    if args.command != "init" and not config_path.is_file():   # init makes the site: no config yet
        print(f"找不到 {config_path}：请在站点目录里运行，或用 --config 指定 site_config.yml", file=sys.stderr)
        return USAGE
    try:
        return COMMANDS[args.command](args)
    except UnsafeOutput as exc:  # a folder that is not ours: nothing was written
        print(f"yizhan: {exc}", file=sys.stderr)
        return USAGE
    except ContentError as exc:
        print_report(exc.report, getattr(args, "strict", False))
        if args.command != "check":
            print("没有生成任何文件：请先改正上面的错误。", file=sys.stderr)
        return CONTENT_ERRORS
    except KeyboardInterrupt:
        return CONTENT_ERRORS
    except Exception as exc:  # a full disk, a read-only folder: say so; else a bug of ours
        said = _system_trouble(exc, _output_folder(args))
        if said:
            message, code = said
            print(f"yizhan: {message}", file=sys.stderr)
            if args.command == "build":
                print("之前生成的网站保持原样，没有被改动。", file=sys.stderr)
            return code
        # a bug of ours: never show a traceback to a volunteer
        print(f"yizhan 内部错误：{type(exc).__name__}: {one_line(str(exc))}", file=sys.stderr)
        print("这不是你的内容的问题。请把这条信息发给维护者。（设置 YIZHAN_DEBUG=1 可查看详细信息）", file=sys.stderr)
        if os.environ.get("YIZHAN_DEBUG"):
            raise
        return CONTENT_ERRORS
