"""The command `yizhan serve`: build, serve, and rebuild on every change until interrupted."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

from generator.pipeline import BuildOptions
from generator.problems import Report
from generator.serve.preview import Preview
from generator.serve.server import start_server
from generator.serve.watch import Watcher


def serve(options: BuildOptions, port: int = 8000, ready: Callable[[str], None] | None = None) -> int:
    """Build, serve on 127.0.0.1:`port` and rebuild on changes until interrupted."""
    signal.signal(signal.SIGTERM, _interrupt)   # `kill` cleans up like Ctrl+C
    preview = Preview(options)
    try:
        return _serve(preview, options, port, ready)
    except KeyboardInterrupt:
        print("预览已停止。")
        return 0
    finally:
        preview.close()


def _serve(preview: Preview, options: BuildOptions, port: int, ready: Callable[[str], None] | None) -> int:
    seconds = preview.rebuild(full=True)
    _report(preview, seconds, "")
    try:
        server, address = start_server(preview, port)
    except OSError as exc:
        print(f"无法使用端口 {port}：{exc.strerror}。请换一个端口：yizhan serve --port 8001", file=sys.stderr)
        return 2
    print(f"预览地址：{address}  （保存文件后页面会自动刷新；按 Ctrl+C 退出）", flush=True)
    if ready:
        ready(address)

    root = options.config_path.parent
    watcher = Watcher(options)
    watcher.start()
    try:
        while True:
            changed = watcher.next_changes()
            full = options.config_path in changed or any(p.is_relative_to(root / "theme") for p in changed)
            others = any(preview.sources.named_by_others(p) for p in changed)
            seconds = preview.rebuild(full=full, others=others)
            names = sorted(_shown(p, root) for p in changed)
            _report(preview, seconds, "：" + "、".join(names[:3]) + ("…" if len(names) > 3 else ""))
    finally:
        watcher.stop()
        server.shutdown()


def _report(preview: Preview, seconds: float, what: str) -> None:
    """The rebuild on the terminal: its errors, or the time it took and the warnings' count."""
    if preview.errors:
        report = Report([*preview.errors, *preview.warnings])
        for line in report.summary():
            print(line, file=sys.stderr)
        print("预览没有更新：请改正上面的错误（保存后会自动重试）。", file=sys.stderr, flush=True)
        return
    note = f"，{len(preview.warnings)} 个警告（yizhan check 可查看）" if preview.warnings else ""
    print(f"{time.strftime('%H:%M:%S')} 已更新{what}（{seconds:.2f} 秒）{note}", flush=True)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return unquote(path.name)
