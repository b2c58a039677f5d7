"""Reading a volunteer's text file: UTF-8 (with or without BOM), any line ends."""

from __future__ import annotations

from pathlib import Path

from generator.problems import Report

_ENCODING_FIX = (
    "文件不是 UTF-8 编码{guess}。请用记事本或 VS Code 打开，选择“另存为”，"
    "编码选 UTF-8 后保存"
)


def read_text(path: Path, shown: str, report: Report) -> str | None:
    """The file's text with `\\n` line ends, or None after reporting why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(shown, 0, "-", f"无法读取文件：{exc.strerror}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "（看起来是 GBK/GB18030，Windows 中文系统的默认编码）"
        except UnicodeDecodeError:
            pass
        report.error(shown, line, "-", _ENCODING_FIX.format(guess=guess))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
