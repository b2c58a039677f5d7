"""The Chinese search index: what it finds, against the text of the content files themselves."""

from __future__ import annotations

import json
import re

import pytest

from generator.build import BuildOptions, load_site
from generator.problems import Report
from generator.render import search
from tests.conftest import REPO, TODAY

# Queries over titles, bodies, tags, locations and names of the example community.
QUERIES = ["咨询", "心理咨询", "专升本", "专升本政策解读", "学业门诊", "朋辈辅导", "心理辅导站",
           "3号楼", "黄雨桐", "国家助学金", "失物招领", "党员活动室", "寝室", "量子力学"]


def _published_sources(site) -> dict[str, str]:
    """URL → the words of the content file itself: the ground truth of a search.

    Front matter and body as the volunteer wrote them, less what a reader never sees:
    the targets of Markdown links and images (file names), YAML keys are ASCII anyway.
    The type's label counts as a word of every item (政策指南 finds the policies).
    """
    texts = {}
    for item in site.items:
        raw = item.source.read_text(encoding="utf-8-sig")
        raw = re.sub(r"\]\([^)]*\)", "]", raw)
        texts[item.url] = item.type.label + "\n" + raw
    return texts


def relevant(sources: dict[str, str], query: str) -> set[str]:
    return {url for url, text in sources.items() if query in text}


@pytest.fixture(scope="module")
def example():
    site = load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report())
    docs = search.documents(site)
    return site, docs, search.build_index(docs)


def _data(text: str) -> tuple[str, object, object]:
    match = re.fullmatch(r"yizhanSearchData\((\"\w+\"),(\d+),(.*)\);\n", text, re.S)
    assert match, text[:80]
    return json.loads(match.group(1)), int(match.group(2)), json.loads(match.group(3).replace("<\\/", "</"))


def _candidates(index: search.SearchIndex, query: str) -> set[int]:
    """The AND of the postings in the index files (what search.js does before checking)."""
    _, _, meta = _data(index.files["search/meta.js"])
    ids = None
    for gram in search.bigrams(query):
        k = search.bucket(gram, meta["buckets"])
        _, _, shard = _data(index.files[f"search/{meta['version']}/b{k}.js"])
        found = set(search.decode_postings(shard[gram])) if gram in shard else set()
        ids = found if ids is None else ids & found
    return ids or set()


@pytest.mark.parametrize("query", QUERIES)
def test_query_finds_every_page_containing_it_and_no_other(example, query):
    site, docs, index = example
    truth = relevant(_published_sources(site), query)
    found = {docs[i].url for i in search.search(docs, query)}
    assert found == truth
    # the index files alone give every right page (the browser then drops false pairs)
    assert {docs[i].url for i in _candidates(index, query)} >= truth


def test_consult_finds_the_psychology_pages_and_zhuanshengben_the_policy(example):
    site, docs, _ = example
    by_query = {q: {docs[i].title for i in search.search(docs, q)} for q in ("咨询", "专升本")}
    assert "心理辅导站" in by_query["咨询"]          # 心理咨询 contains 咨询
    assert "专升本政策解读（2027年）" in by_query["专升本"]
    assert all("咨询" in search.normalize(docs[i].title + docs[i].fields + docs[i].body)
               for i in search.search(docs, "咨询"))


def test_bigrams_are_cut_inside_runs_of_letters_and_digits_only():
    assert search.bigrams("心理咨询") == {"心理", "理咨", "咨询"}
    assert search.bigrams("3号楼，Wi-Fi") == {"3号", "号楼", "wi", "fi"}
    assert search.bigrams("心理\u200b咨询") == {"心理", "理咨", "咨询"}   # zero-width space ignored
    assert search.bigrams("ＡＢ") == {"ab"}                               # full-width forms folded


def test_plain_text_keeps_words_and_drops_markup():
    body = ('## 我们提供\n\n- **个体心理咨询**：见[心灵茶话会](../events/xinling-chahui.md)。\n\n'
            '!!! warning "紧急情况"\n    请立即拨打热线。\n\n![社区夜景](../assets/a.jpg)\n\n<div markdown>内容</div>\n')
    text = search.plain_text(body)
    assert text == "我们提供 个体心理咨询：见心灵茶话会。 紧急情况 请立即拨打热线。 社区夜景 内容"


def test_fields_are_searchable_but_not_paths_dates_or_urls(example):
    site, docs, _ = example
    service = next(d for d in docs if d.title == "心理辅导站")
    assert "幸福里3号楼一楼心理辅导站（3-108）" in service.fields   # location
    assert "朋辈辅导" in service.fields                               # a tag
    assert "服务目录" in service.fields                               # the type label
    assert "://" not in service.fields and ".svg" not in service.fields


def _page(index: search.SearchIndex, doc_id: int) -> list:
    """[url, title, type index, fields, text] of a page, from its chunk (what search.js shows)."""
    _, _, meta = _data(index.files["search/meta.js"])
    kind, key, chunk = _data(index.files[f"search/{meta['version']}/t{doc_id // meta['per_chunk']}.js"])
    assert (kind, key) == ("t", doc_id // meta["per_chunk"])
    return chunk[doc_id % meta["per_chunk"]]


def test_index_files_are_scripts_with_a_versioned_layout(example):
    _, docs, index = example
    kind, key, meta = _data(index.files["search/meta.js"])
    assert (kind, key) == ("meta", 0)
    assert meta["docs"] == len(docs) and meta["buckets"] >= 1
    assert all(path.startswith(f"search/{meta['version']}/") for path in index.files if path != "search/meta.js")
    chunks = -(-len(docs) // meta["per_chunk"])
    assert {p for p in index.files if re.search(r"/t\d+\.js$", p)} == {f"search/{meta['version']}/t{k}.js"
                                                                     for k in range(chunks)}
    for doc_id, doc in enumerate(docs):   # each page's title, URL and type come from its chunk
        assert _page(index, doc_id)[:3] == [doc.url, doc.title, doc.type_index]


def _title_postings(index: search.SearchIndex, piece: str) -> set[int]:
    """The pages under the title key of a character or bigram (`^` + piece), from its bucket."""
    _, _, meta = _data(index.files["search/meta.js"])
    k = search.key_bucket(search.TITLE + piece, meta["buckets"])
    _, _, shard = _data(index.files[f"search/{meta['version']}/b{k}.js"])
    return set(search.decode_postings(shard[search.TITLE + piece])) if search.TITLE + piece in shard else set()


@pytest.mark.parametrize("piece", ["咨询", "专升", "辅导", "心", "茶", "站", "3号"])
def test_title_postings_are_the_pages_whose_title_holds_a_character_or_bigram(example, piece):
    """Ranking (title matches first) and single-character queries read these, not the titles."""
    _, docs, index = example
    truth = {i for i, d in enumerate(docs) if piece in search.normalize(d.title)}
    assert _title_postings(index, piece) == truth
    assert truth or piece == "茶"


def test_the_meta_is_the_same_size_at_any_number_of_pages():
    """Every query loads the meta: it holds no page, so it does not grow with the site."""
    def meta_size(pages: int) -> int:
        docs = [search.Doc(f"notices/n{i}/", f"第{i}期社区通知", 0, "通知公告", "社区学生服务大厅开放" * 30)
                for i in range(pages)]
        return len(search.build_index(docs).files["search/meta.js"].encode())
    small, big = meta_size(500), meta_size(8000)
    assert big <= small + 8 and big < 400


def test_titles_with_markup_and_zero_width_characters(site, cli):
    site.item("notices/a.md", """\
        title: "<script>alert(1)</script>心理\u200b咨询通知"
        date: 2026-11-20
    """, body="正文里有 </script> 和 U+2028\u2028。\n")
    out = site.root / "out"
    assert cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters").code == 0
    _, _, data = _data((out / "search/meta.js").read_text(encoding="utf-8"))
    chunk = (out / "search" / data["version"] / "t0.js").read_text(encoding="utf-8")
    assert "\u200b" not in chunk and "</script>" not in chunk and "<\\/script>" in chunk
    assert _data(chunk)[2][0][1] == "<script>alert(1)</script>心理咨询通知"
    texts = "".join(p.read_text(encoding="utf-8") for p in (out / "search" / data["version"]).glob("t*.js"))
    assert "\u2028" not in texts and "</script>" not in texts


def test_drafts_are_not_in_the_index(site, cli):
    site.item("notices/draft.md", "title: 草稿里的秘密\ndate: 2026-11-20\ndraft: true")
    site.item("notices/open.md", "title: 公开通知\ndate: 2026-11-20")
    out = site.root / "out"
    assert cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters").code == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (out / "search").rglob("*.js"))
    assert "公开通知" in text and "草稿" not in text


@pytest.mark.parametrize("ids", [[0], [5], [3, 4, 10], list(range(0, 400, 2)), list(range(1, 9000, 3)) + [9001]])
def test_postings_are_gaps_or_a_bitmap_when_that_is_shorter(ids):
    text = search._postings(ids)
    assert search.decode_postings(text) == ids
    assert text.startswith(search.BITMAP) == (len(ids) > 100)    # dense: ~1 bit a page, not 2 bytes


def test_a_big_site_is_sharded_so_a_query_loads_little():
    docs = [search.Doc(f"notices/n{i}/", f"通知{i}", 0, "通知公告", "社区学生服务大厅" * 40 + f"编号{i}号") for i in range(3000)]
    index = search.build_index(docs)
    assert index.buckets > 1 and index.chunks > 10
    biggest = max(len(text.encode()) for path, text in index.files.items() if re.search(r"/b\d+\.js$", path))
    assert biggest < 20_000     # dense postings are bitmaps: a bit a page
    chunk = max(len(text.encode()) for path, text in index.files.items() if re.search(r"/t\d+\.js$", path))
    assert chunk < 16_000       # the text of a result shown costs a few pages', not the whole list


def test_word_runs_and_format_characters_match_unicode_categories_for_every_code_point():
    # runs() uses the regex `[^\W_]` and clean() a translate table: both must agree with the
    # categories search.js mirrors (letters and digits L*/N*; format characters Cf), everywhere.
    import sys
    import unicodedata

    every = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert [ch for ch in every if bool(search._WORD_RUN.fullmatch(ch)) != search._is_word(ch)] == []
    assert [ch for ch in every if (search.clean(ch) == "") != (unicodedata.category(ch) == "Cf")] == []
    assert list(search.runs("心理咨询 3号楼，wi-fi_x")) == ["心理咨询", "3号楼", "wi", "fi", "x"]


def test_days_and_repeats_are_written_the_chinese_way(example):
    _, docs, _ = example
    service = next(d for d in docs if d.title == "心理辅导站")
    assert "周一至周五" in service.fields
    event = next(d for d in docs if d.title == "社区党支部主题党日")
    assert "每月最后一个周五" in event.fields
    english = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun|daily|weekly|monthly)\b")
    assert [d.title for d in docs if english.search(d.fields)] == []


def test_words_of_a_query_typed_without_spaces_are_found_apart_by_the_index(example):
    # search.js cuts 专升本报名 into 专升本 + 报名 (the browser's word segmenter) when the
    # pages hold it apart: the AND of the words' bigrams gives every page holding both.
    site, docs, index = example
    sources = _published_sources(site)
    for query, words in {"专升本报名": ("专升本", "报名"), "心理预约": ("心理", "预约")}.items():
        both = set.intersection(*(relevant(sources, w) for w in words))
        assert both > relevant(sources, query)
        assert {docs[i].url for i in search.search(docs, " ".join(words))} == both
        assert {docs[i].url for i in set.intersection(*(_candidates(index, w) for w in words))} >= both
