"""Every link of every page goes through `templates.relative`: it must give what
`posixpath.relpath` gives, on directory-style site paths, from every depth."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.templates import relative


def _by_relpath(target: str, page: str) -> str:
    """The rule, written the slow way: relpath between the folders, a folder ending in /."""
    path = target.lstrip("/")
    start = posixpath.dirname(page.rstrip("/") + "/x") if page else ""
    rel = posixpath.relpath("/" + path, "/" + start) if start else path or "."
    if path.endswith("/") or not path:
        rel = rel.rstrip("/") + "/"
    return "./" if rel in ("./", "") else rel


@pytest.mark.parametrize("target, page, expected", [
    ("", "", "./"), ("", "notices/", "../"), ("notices/", "notices/", "./"),
    ("notices/a/", "notices/", "a/"), ("media/x.png", "notices/a/", "../../media/x.png"),
    ("notices/a/", "tags/b/", "../../notices/a/"), ("calendar.ics", "", "calendar.ics"),
    ("a/b/", "a/b/c/", "../"), ("https://x.cn/a/", "b/", "https://x.cn/a/"),
])
def test_links_between_pages(target, page, expected):
    assert relative(target, page) == expected


_PART = st.sampled_from(["a", "b", "notices", "tongzhi-1", "x.png", ".", "..", ""])
_PATH = st.builds(lambda parts, lead, trail: "/" * lead + "/".join(parts) + "/" * trail,
                  st.lists(_PART, max_size=4), st.integers(0, 1), st.integers(0, 2))


@settings(max_examples=3000, deadline=None)
@given(_PATH, _PATH)
def test_same_as_relpath(target, page):
    assert relative(target, page) == _by_relpath(target, page)
