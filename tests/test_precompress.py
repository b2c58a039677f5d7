"""Precompressed copies for nginx's gzip_static (generator/render/precompress.py): a `.gz`
beside every text file, equal to it when decompressed, the same bytes at every build, and
none of ours in the offline zip."""

from __future__ import annotations

import gzip
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


def test_not_in_the_offline_zip(example_site):
    with zipfile.ZipFile(example_site / "yizhan-offline.zip") as bundle:
        names = bundle.namelist()
    assert names
    assert [n for n in names if n.endswith(".gz")] == ["yizhan-offline/sitemap.xml.gz"]  # MkDocs' own


def test_same_bytes_every_build_and_with_a_cache(example_site, tmp_path):
    out = tmp_path / "site"
    cache = tmp_path / "cache"
    for _ in range(2):  # the second from the cache
        build(BuildOptions(config_path=REPO / "site_config.yml", out=out, today=TODAY, posters=False, cache=cache))
    for path in text_files(example_site):
        copy = path.with_name(path.name + ".gz")
        assert (out / copy.relative_to(example_site)).read_bytes() == copy.read_bytes(), copy
