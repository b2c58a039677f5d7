"""What makes pages fast on a phone (issue 21, bench/lighthouse.py): our stylesheets as one
minified file, our scripts minified and deferred with Material's bundle, pictures with their
width and height (nothing jumps when they arrive), the audience chooser shown from the first
paint. The browser tests (tests/browser/) check that the minified scripts still work."""

from __future__ import annotations

import re
import time

from PIL import Image

from generator.render.engine.theme_assets import STYLESHEET, build_assets, minified
from generator.render.imagesize import image_size, size_attributes
from tests.conftest import REPO

ASSETS = REPO / "theme" / "assets"


def test_one_stylesheet_of_ours_minified_in_name_order(tmp_path):
    theme = {f"assets/yizhan/{p.name}": p for p in sorted(ASSETS.iterdir())}
    ready = build_assets(theme, "assets/yizhan", tmp_path)
    sheets = [doc for doc in ready if doc.endswith(".css")]
    assert sheets == [f"assets/yizhan/{STYLESHEET}"]
    css = ready[sheets[0]].read_text(encoding="utf-8")
    sources = [p.read_text(encoding="utf-8") for p in sorted(ASSETS.glob("*.css"))]
    assert len(css) < 0.85 * sum(map(len, sources))            # comments and spaces gone
    assert "/*" not in css and "\n\n" not in css
    # Every rule of every sheet is there, in the order of the file names (the cascade kept).
    where = [css.find(minified(source, ".css")) for source in sources]
    assert -1 not in where and where == sorted(where)


def test_scripts_keep_their_names_and_lose_comments(tmp_path):
    theme = {f"assets/yizhan/{p.name}": p for p in sorted(ASSETS.iterdir())}
    ready = build_assets(theme, "assets/yizhan", tmp_path)
    for source in ASSETS.glob("*.js"):
        out = ready[f"assets/yizhan/{source.name}"].read_text(encoding="utf-8")
        assert len(out) < 0.8 * len(source.read_text(encoding="utf-8")), source.name
        assert "/* " not in out and '"use strict"' in out


def test_unchanged_assets_are_not_written_again(tmp_path):
    """The live preview tells a changed theme by the staged files' modification times."""
    source = tmp_path / "theme" / "a.js"
    source.parent.mkdir()
    source.write_text("/* note */ var a = 1 ;\n", encoding="utf-8")
    first = build_assets({"assets/yizhan/a.js": source}, "assets/yizhan", tmp_path / "work")["assets/yizhan/a.js"]
    stamp = first.stat().st_mtime_ns
    time.sleep(0.01)
    again = build_assets({"assets/yizhan/a.js": source}, "assets/yizhan", tmp_path / "work")["assets/yizhan/a.js"]
    assert again.stat().st_mtime_ns == stamp and again.read_text(encoding="utf-8") == "var a=1;"
    source.write_text("var a = 2;\n", encoding="utf-8")
    changed = build_assets({"assets/yizhan/a.js": source}, "assets/yizhan", tmp_path / "work")["assets/yizhan/a.js"]
    assert changed.read_text(encoding="utf-8") == "var a=2;"


def test_picture_sizes_read_from_the_file(tmp_path):
    svg = tmp_path / "a.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="60"></svg>', encoding="utf-8")
    box = tmp_path / "b.svg"
    box.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="100%"></svg>', encoding="utf-8")
    png = tmp_path / "c.png"
    Image.new("RGB", (33, 44)).save(png)
    junk = tmp_path / "d.jpg"
    junk.write_bytes(b"not a picture")
    assert image_size(svg) == (120, 60) and image_size(box) == (1200, 630) and image_size(png) == (33, 44)
    assert image_size(junk) is None and image_size(tmp_path / "gone.png") is None
    assert size_attributes(png) == ' width="33" height="44"' and size_attributes(junk) == ""
    Image.new("RGB", (10, 20)).save(png)                     # replaced while the preview runs
    assert image_size(png) == (10, 20)


def test_built_pages_load_fast(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    assert [s for s in stylesheets if "yizhan" in s] == [f"assets/yizhan/{STYLESHEET}"]
    scripts = re.findall(r"<script src=\"[^\"]+\"[^>]*>", home)
    assert scripts and all(" defer" in tag for tag in scripts), scripts
    assert any("javascripts/bundle." in tag for tag in scripts)
    # The chooser is in the page without `hidden`: shown from the first paint where scripts run.
    assert re.search(r"<fieldset class=\"yz-audience\" data-audience-chooser>", home)
    assert 'classList.add("yz-js")' in home.split("</head>")[0]
    # Pictures say their size: the logo (Material's header and drawer) and an item's cover.
    logos = re.findall(r'<img src="[^"]*logo\.svg" alt="logo"([^>]*)>', home)
    assert logos and all('width="200" height="200"' in attrs for attrs in logos)
    covers = [p.read_text(encoding="utf-8") for p in example_site.glob("*/*/index.html")]
    covers = [re.search(r'<img class="yz-cover"[^>]*>', page).group(0) for page in covers if "yz-cover" in page]
    assert covers and all(re.search(r' width="\d+" height="\d+"', tag) for tag in covers)
