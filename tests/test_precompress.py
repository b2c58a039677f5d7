"""Precompressed copies for nginx's gzip_static (generator/render/precompress.py): a `.gz`
beside every text file, equal to it when decompressed, the same bytes at every build, and
none of ours in the offline zip."""

from __future__ import annotations

import gzip
import shutil
import zipfile

from generator.build import BuildOptions, build
from generator.render.precompress import text_files
from tests.conftest import REPO, TODAY


def test_every_text_file_has_a_gz_equal_to_it(example_site):
    files = text_files(example_site)
    assert len(files) > 100
    assert {p.suffix for p in files} >= {".html", ".css", ".js", ".xml", ".ics", ".webmanifest", ".svg"}
    for path in files:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(gz) == data, path
        if path.name != "sitemap.xml":  # MkDocs writes that one, dated by the build's day
            assert gz[4:8] == b"\0\0\0\0" and gz[3] & 0x08 == 0, path  # mtime 0, no file name
    assert not list(example_site.rglob("*.gz.gz")) and not list(example_site.rglob("*.br"))


def test_not_in_the_offline_zip_or_the_service_workers_list(example_site):
    """A folder or a phone has no use for the web server's copies (MkDocs' own sitemap.xml.gz
    included): the zip and the worker's precache list name none."""
    with zipfile.ZipFile(example_site / "yizhan-offline.zip") as bundle:
        names = bundle.namelist()
    assert len(names) > 100
    assert [n for n in names if n.endswith(".gz")] == []
    worker = (example_site / "sw.js").read_text(encoding="utf-8")
    assert "assets/yizhan/style.css" in worker and ".gz" not in worker


def test_same_bytes_every_build_and_with_a_cache(example_site, tmp_path):
    out = tmp_path / "site"
    cache = tmp_path / "cache"
    for _ in range(2):  # the second from the cache
        build(BuildOptions(config_path=REPO / "site_config.yml", out=out, today=TODAY, posters=False, cache=cache))
    for path in text_files(example_site):
        copy = path.with_name(path.name + ".gz")
        assert (out / copy.relative_to(example_site)).read_bytes() == copy.read_bytes(), copy


def test_a_removed_page_takes_its_copy_with_it_in_a_rebuild(tmp_path):
    """With a build cache a page's copy is kept beside it in the cache and linked into each
    output with it: when the item is gone, neither the page nor its copy is served."""
    site = tmp_path / "site"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "bench", "tests", "site"))
    cache, out = tmp_path / "cache", tmp_path / "out"
    options = BuildOptions(config_path=site / "site_config.yml", out=out, today=TODAY, posters=False, cache=cache)
    build(options)
    page = out / "notices" / "xuesheng-ganbu-xunlianying-zhaomu" / "index.html"
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == page.read_bytes()
    (site / "content" / "notices" / "xuesheng-ganbu-xunlianying-zhaomu.md").unlink()
    build(options)
    assert not page.exists() and not page.with_name("index.html.gz").exists()
    assert not list((cache / "pages").rglob("xuesheng-ganbu-xunlianying-zhaomu/index.html*"))
    for path in text_files(out):   # every other copy still equal to its file
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes(), path
