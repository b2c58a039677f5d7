"""Quality gates on the built example site: every internal link and anchor resolves, and
every page is valid HTML for the Nu HTML Checker (vnu.jar from npm, run with Java 17)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.build import BuildOptions, build
from tests.conftest import REPO, TODAY
from tests.pagetypes import html_pages, one_of_each_type

SITE_URL = "https://xfl.example.edu.cn/"
LOCAL = "http://local.invalid/"  # stands for the output folder while resolving relative links
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
NOT_CHECKED = ("mailto:", "tel:", "sms:", "javascript:", "data:", "blob:")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example community (posters off: they are PDFs, tested with the posters)."""
    out = tmp_path_factory.mktemp("quality") / "site"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=out, today=TODAY, posters=False))
    return out


class Page(HTMLParser):
    """The ids of a page and every URL it refers to, with the tag that holds it."""

    URL_ATTRS = {"href", "src", "action", "poster", "data"}

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        for key in ("id", "name") if tag == "a" else ("id",):
            if key in a:
                self.ids.add(a[key])
        for key in self.URL_ATTRS & a.keys():
            self.urls.append((f"<{tag} {key}>", a[key]))
        if "srcset" in a:
            self.urls += [(f"<{tag} srcset>", c.split()[0]) for c in a["srcset"].split(",") if c.strip()]
        if tag == "meta" and a.get("property") in ("og:url", "og:image"):
            self.urls.append((f"<meta {a['property']}>", a.get("content", "")))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(out: Path, url: str) -> Path | None:
    """The file an internal URL (already absolute under LOCAL) is served from."""
    path = out / unquote(urlsplit(url).path[len("/"):])
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def broken_links(out: Path) -> tuple[int, list[str]]:
    """(links checked, one line per broken link or anchor) of all pages under `out`."""
    parsed = {p: parse(p) for p in html_pages(out)}
    broken: list[str] = []
    checked = 0
    for page, info in parsed.items():
        base = LOCAL + page.relative_to(out).as_posix()
        for where, raw in info.urls:
            url = raw.strip()
            if not url or url.startswith(NOT_CHECKED):
                continue
            if url.startswith("webcal://"):
                url = "https://" + url[len("webcal://"):]
            if url.startswith(SITE_URL):
                # The site's host may serve other things too (a registration form at
                # /baoming/…): an absolute link is ours when it leads into what we generate.
                top = url[len(SITE_URL):].split("/")[0].split("#")[0]
                if top and not (out / unquote(top)).exists():
                    continue
                url = LOCAL + url[len(SITE_URL):]
            absolute = urljoin(base, url)
            if not absolute.startswith(LOCAL):
                continue  # another site: not ours to check
            checked += 1
            target = target_file(out, absolute)
            fragment = unquote(urlsplit(absolute).fragment)
            if target is None:
                broken.append(f"{page.relative_to(out)}: {where} {raw}: no such file")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(out)}: {where} {raw}: no id “{fragment}”")
    return checked, broken


def test_every_internal_link_and_anchor_resolves(example):
    assert len(html_pages(example)) > 100
    checked, broken = broken_links(example)
    assert checked > 1000
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])


def test_the_link_check_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="zh-标题">x</h2><a href="../b/">b</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/#zh-%E6%A0%87%E9%A2%98">ok</a> <a href="a/#missing">anchor</a> <a href="c/">page</a>'
        f'<img src="x.png"> <a href="{SITE_URL}a/">ok</a> <a href="{SITE_URL}elsewhere">other service</a>'
        '<a href="https://www.gov.cn/">external</a> <a href="mailto:x@y.cn">mail</a>', encoding="utf-8")
    checked, broken = broken_links(tmp_path)
    assert checked == 6
    assert [line.split(": ", 1)[1] for line in broken] == [
        "<a href> ../b/: no such file", "<a href> a/#missing: no id “missing”",
        "<a href> c/: no such file", "<img src> x.png: no such file"]


def test_feed_and_sitemap_links_resolve(example):
    for name in ("feed.xml", "sitemap.xml"):
        urls = re.findall(r'(?:href="|<loc>)(https?://[^"<]+)', (example / name).read_text(encoding="utf-8"))
        assert urls
        missing = [u for u in urls if u.startswith(SITE_URL)
                   and target_file(example, LOCAL + u[len(SITE_URL):]) is None]
        assert not missing, f"{name}: {missing}"


def vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("the Nu HTML Checker needs Java 17 and node_modules/vnu-jar: run `bash .ci/setup` (as root)")
    run = subprocess.run([java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    return json.loads(run.stdout or run.stderr)["messages"]


def test_every_page_is_valid_html(example):
    """All pages (not a sample): a Markdown body can bring its own invalid markup."""
    pages = html_pages(example)
    types = one_of_each_type(example)
    assert {p.relative_to(example).parts[0] for p in types} >= {
        "index.html", "notices", "events", "lessons", "figures", "services", "policies", "tags", "404.html"}
    errors = [m for m in vnu(pages) if m["type"] in ("error", "non-document-error")]
    report = [f"{m.get('url', '').replace('file:' + str(example) + '/', '')}:{m.get('lastLine', '?')}: "
              f"{m['message']}" for m in errors]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report[:40])
