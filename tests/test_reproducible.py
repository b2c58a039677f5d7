"""Two builds of the same input are byte-identical, posters, .ics and zips included."""

from __future__ import annotations

import gzip
import os
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from generator.build import BuildOptions, build
from generator.reproducible import epoch_of
from tests.conftest import REPO, TODAY, tree as files


def first_difference(a: bytes, b: bytes) -> str:
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"byte {n}: {a[max(0, n - 40):n + 40]!r} ≠ {b[max(0, n - 40):n + 40]!r}"


def test_two_builds_are_identical_byte_for_byte(tmp_path, monkeypatch):
    """One build with --today, one a little later with only SOURCE_DATE_EPOCH (the start of
    the same day in the site's zone, the time --today stands for), each in its own folder:
    every file must be the same, whatever the clock said while they ran."""
    first = tmp_path / "one" / "site"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=first, today=TODAY, posters=True))
    midnight = datetime.combine(date.fromisoformat(TODAY), datetime.min.time(), ZoneInfo("Asia/Shanghai"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(midnight.timestamp())))
    second = tmp_path / "two" / "output"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=second, posters=True))

    one, two = files(first), files(second)
    assert sorted(one) == sorted(two), set(one) ^ set(two)
    assert "data/site.json" in one and "data/site.schema.json" in one   # the export (issue 19)
    different = {name: first_difference(one[name], two[name]) for name in one if one[name] != two[name]}
    assert not different, "\n".join(f"{name}: {why}" for name, why in different.items())
    assert str(tmp_path) not in "".join(
        data.decode("utf-8", "replace") for name, data in one.items() if not name.endswith((".pdf", ".zip", ".gz", ".png", ".jpg")))

    # The dates MkDocs writes come from the build's day, not the clock.
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", one["sitemap.xml"].decode())) == {TODAY}
    with gzip.open(first / "sitemap.xml.gz") as gz:
        gz.read()
        assert gz.mtime == epoch_of(date.fromisoformat(TODAY))
    assert os.environ["SOURCE_DATE_EPOCH"] == str(int(midnight.timestamp()))  # restored after the build
