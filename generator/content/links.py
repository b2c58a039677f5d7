"""Local links and images in Markdown bodies: finding them and pointing them elsewhere."""

from __future__ import annotations

import re
from typing import Callable, Iterator

# [text](target "title") and ![alt](target); the target may be wrapped in <…>
_LINK = re.compile(r"(!?\[[^\]\n]*\]\()(<[^>\n]+>|[^)\s]+)((?:\s+\"[^\"\n]*\")?\))")
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//|#)", re.I)


def local_links(line: str) -> Iterator[tuple[str, bool]]:
    """(target, is_image) of every link in `line` that points at a local file."""
    for match in _LINK.finditer(line):
        target = match.group(2).strip("<>")
        if not _EXTERNAL.match(target) and target.split("#", 1)[0].split("?", 1)[0]:
            yield target, match.group(1).startswith("!")


def file_part(target: str) -> str:
    return target.split("#", 1)[0].split("?", 1)[0]


def rewrite(body: str, new_target: Callable[[str], str | None]) -> str:
    """Replace each link target for which `new_target` returns a value."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(2).strip("<>")
        replacement = new_target(target)
        if replacement is None:
            return match.group(0)
        return f"{match.group(1)}<{replacement}>{match.group(3)}"

    return _LINK.sub(replace, body)
