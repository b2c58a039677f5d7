"""The build benchmark's smoke run (bench/build.py --smoke), so that it cannot rot.

Benchmarks are not tests: this only proves that the corpus generator, yizhan's cold and
cached builds and the plain MkDocs baseline still run end to end and report numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_build_benchmark_smoke_run(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "build.py"), "--smoke", "--out", str(tmp_path),
         "--yizhan-python", sys.executable],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| 50 | yizhan |" in run.stdout and "| 50 | mkdocs-material |" in run.stdout
    results = json.loads((tmp_path / "smoke.json").read_text(encoding="utf-8"))["results"]
    assert [r["tool"] for r in results] == ["yizhan", "mkdocs-material", "yizhan rebuild (cache, 1 item edited)"]
    for result in results:
        (run_,) = result["runs"]
        assert run_["wall"] > 0 and run_["cpu"] > 0 and run_["peak_mb"] > 10
    # Both tools built every page of the same corpus.
    notices = sorted(p.stem for p in (tmp_path / "corpus-50" / "content" / "notices").glob("tongzhi-*.md"))
    assert notices
    for slug in notices:
        assert (tmp_path / "yizhan-site-50" / "notices" / slug / "index.html").is_file()
        assert (tmp_path / "mkdocs-50" / "site" / "notices" / slug / "index.html").is_file()
    # The cached rebuild saw the edit.
    edited = (tmp_path / "yizhan-ci-50" / "notices").rglob("index.html")
    assert any("次更正：请以本页为准" in p.read_text(encoding="utf-8") for p in edited)


def test_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import counts, generate

    from generator.build import BuildOptions, check

    first = generate(tmp_path / "a", 120, seed=3).parent
    second = generate(tmp_path / "b", 120, seed=3).parent
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    assert sum(counts(120).values()) == 120 == len([f for f in files if f.suffix == ".md"])
    report = check(BuildOptions(config_path=first / "site_config.yml", today="2026-11-23"))
    assert not report.errors, report.errors
