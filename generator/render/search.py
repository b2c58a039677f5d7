"""The Chinese search index: character bigrams, queried with AND, as classic scripts.

Why bigrams: Chinese has no spaces, and a word segmenter (jieba) keeps 心理咨询 as one
token, so a search for 咨询 misses it. Every run of letters and digits is cut into
overlapping pairs of characters (心理咨询 → 心理 理咨 咨询); a query's pairs are looked up
and intersected (AND), and the browser then checks the candidates against the text, so a
page is found exactly when it contains the query (see DESIGN.md's measurements). A query
typed without spaces (专升本报名) is also looked up as words, cut by the browser's word
segmenter in search.js; those pages come after the exact ones.

Why scripts: on `file://` a browser refuses `fetch()`, XHR and dynamic `import()`, but a
classic `<script src>` works. Every file of the index is therefore a small script that
hands its data to `yizhanSearchData(kind, key, data)` (defined in theme/assets/search.js).

Why shards: at 2,000 items the whole index is several megabytes. It is cut into
  - `search/meta.js`: the layout of the rest (counts, type names), the same size at any
    number of pages;
  - `search/<version>/b<k>.js`: postings of the bigrams whose hash falls in bucket k, and
    the title postings of the same bigrams (key `^` + bigram), and of title characters
    (key `^` + character, a single-character query's answer);
  - `search/<version>/t<k>.js`: `per_chunk` pages by id (URL, title, type, fields, plain
    text: for checking candidates, showing and marking them).
A query loads the meta, one bucket per distinct bigram, and the pages of the results it
shows first; it ranks the candidates (title matches first) by the title postings, never
by the titles of all pages. `<version>` is a hash of the data, so a rebuild never mixes
old and new files in a browser's or the service worker's cache.

The normalisation (`normalize`) and the bucket hashes (`bucket`, `key_bucket`) are
mirrored, character for character, in theme/assets/search.js.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import operator
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel

from generator import plaintext, typeset
from generator.calendar.occurrences import describe
from generator.content.fields import days_text
from generator.content.schemas import Repeat
from generator.kinds import KINDS
from generator.model import Item, Site
from generator.portal import gathered
from generator.problems import Report
from generator.stepcache import Memo, StepCache, digest, source_version

SEARCH_DIR = "search"
FORMAT = 2
BUCKET_TARGET = 8_000    # bytes of postings per bigram bucket, roughly
TEXT_TARGET = 3_000      # characters per text chunk, on average (~9 kB)
MAX_BUCKETS = 1024
BITMAP = "~"             # a dense postings list's prefix
TITLE = "^"              # a title postings key's prefix (never in a bigram: not a letter)
SKIPPED_FIELDS = {"draft", "slug", "poster", "consent", "pinned", "cover", "photo", "file",
                  "registration", "url", "capacity", "interval", "count", "day"}


# -- text ---------------------------------------------------------------------------
def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


# A letter or digit (category L* or N*) is exactly what `[^\W_]` matches (tests/test_search.py
# checks every code point): runs are found by the regex engine, not character by character.
_WORD_RUN = re.compile(r"[^\W_]+")


class _FormatCharacters(dict[int, int | None]):
    """`str.translate` table deleting every format character (category Cf), filled as
    characters are met (a site uses a few thousand of the 1.1 million code points)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Cf" else code
        self[code] = kept
        return kept


_FORMAT_CHARACTERS = _FormatCharacters()


def clean(text: str) -> str:
    """Text for display: format characters (zero-width spaces and joiners, BOM) removed."""
    return text.translate(_FORMAT_CHARACTERS)


def normalize(text: str) -> str:
    """Format characters dropped, NFKC, lower case (mirrored in search.js)."""
    return unicodedata.normalize("NFKC", clean(text)).lower()


def runs(text: str) -> Iterator[str]:
    """Maximal runs of letters and digits of normalised text."""
    return iter(_WORD_RUN.findall(text))


def bigrams(text: str) -> set[str]:
    """The distinct character pairs of every run in `text` (normalised here)."""
    grams: set[str] = set()
    for run in runs(normalize(text)):
        grams.update(map(operator.add, run, run[1:]))
    return grams


def bucket(gram: str, buckets: int) -> int:
    """Which bucket file holds a bigram's postings (code points, not UTF-16 units)."""
    first, second = (ord(c) for c in gram)
    return (first * 65599 + second) % buckets


def plain_text(markdown: str) -> str:
    """A Markdown body as the words a reader sees (generator/plaintext.py), format characters dropped."""
    return clean(plaintext.markdown_text(markdown))


def field_texts(value: Any) -> Iterator[str]:
    """The words in front matter values: strings, nested lists and blocks; not paths, dates, URLs."""
    if isinstance(value, Repeat):    # 每月最后一个周五, never `monthly · fri`
        yield describe(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name == "days":   # opening hours, a repeat: 周一至周五, never `mon · tue`
                if getattr(value, name):
                    yield days_text(getattr(value, name))
            elif name not in SKIPPED_FIELDS:
                yield from field_texts(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for part in value:
            yield from field_texts(part)
    elif isinstance(value, str):
        if "://" not in value and not value.startswith("mailto:"):
            yield value
    elif isinstance(value, int) and not isinstance(value, bool) and value > 1900:
        yield str(value)  # a figure's year
    elif isinstance(value, (Path, date, datetime, time, bool)) or value is None:
        return


# -- the index ------------------------------------------------------------------------
@dataclass
class Doc:
    url: str
    title: str
    type_index: int
    fields: str        # type label, tags, location, names, … (one line)
    body: str          # the body as plain text

    @property
    def grams(self) -> set[str]:
        return bigrams(self.title) | bigrams(self.fields) | bigrams(self.body)


def document(item: Item, type_index: int, memo: Memo | None = None) -> Doc:
    texts = [item.type.label, *field_texts(item.fields)]
    title = clean(item.title)
    texts = [clean(t) for t in texts if t and t != item.title]
    return Doc(item.url, title, type_index, " · ".join(dict.fromkeys(texts)), _remembered(memo, plain_text, item.body))


def documents(site: Site, memo: Memo | None = None) -> list[Doc]:
    """Every published item, in the order of the site's list pages (types, then their order)."""
    own = [document(item, index, memo) for index, type_ in enumerate(KINDS)
           for item in site.by_type[type_.name]]
    return own + gathered_documents(site)


def gathered_documents(site: Site) -> list[Doc]:
    """A portal's sources' items (generator/portal.py): found by what their export carries,
    linking to their own sites (absolute URLs)."""
    index = {kind.name: i for i, kind in enumerate(KINDS)}
    docs = []
    for item in gathered(site):
        record = item.record
        texts = [f"来自 {item.community}", KINDS[index[record["type"]]].label, *record["tags"],
                 record.get("category", ""), record.get("location", "")]
        docs.append(Doc(item.url, clean(item.title), index[record["type"]],
                        " · ".join(dict.fromkeys(clean(t) for t in texts if t)), clean(item.summary)))
    return docs


def _memo(cache: StepCache) -> Memo:
    """Plain texts and bigrams of unchanged pages, from `cache`."""
    version = source_version(__file__, plaintext.__file__, typeset.__file__)
    return cache.memo("search", f"{version} unicode {unicodedata.unidata_version}")


def _remembered(memo: Memo | None, function: Any, text: str) -> Any:
    """`function(text)` (a pure function of a string), from `memo` when it was computed before."""
    if memo is None or not memo.keeps:
        return function(text)
    key = digest(function.__name__.encode(), text.encode("utf-8"))
    value = memo.get(key)
    if value is None:
        value = function(text)
        memo.put(key, value)
    return value


def _doc_grams(text: str) -> str:
    """The bigrams of a page's title, fields and body (one per line), as one string of pairs."""
    return "".join(sorted(bigrams(text)))


def _postings(ids: list[int]) -> str:
    """Ascending ids as base-36 gaps joined by commas: 3,4,10 → "3,1,6"; or, when shorter (a
    bigram on a tenth of the pages or more), `~` and a bitmap in base64 (bit i of byte k: id 8k+i)."""
    small = _small_base36()
    out, last = [], 0
    for doc_id in ids:
        gap = doc_id - last
        out.append(small[gap] if gap < len(small) else _base36(gap))
        last = doc_id
    gaps, size = ",".join(out), ids[-1] // 8 + 1
    if len(gaps) <= 1 + -(-size // 3) * 4:
        return gaps
    bitmap = bytearray(size)
    for doc_id in ids:
        bitmap[doc_id >> 3] |= 1 << (doc_id & 7)
    return BITMAP + base64.b64encode(bitmap).decode("ascii")


def decode_postings(text: str) -> list[int]:
    """The ids of a postings string (mirrored by decode() in search.js)."""
    if text.startswith(BITMAP):
        bitmap = base64.b64decode(text[1:])
        return [k * 8 + i for k, byte in enumerate(bitmap) for i in range(8) if byte >> i & 1]
    return list(itertools.accumulate(int(gap, 36) for gap in text.split(",")))


@functools.cache
def _small_base36() -> list[str]:
    """`_base36(n)` for every n below 36³ (the gaps of a site's postings, almost always)."""
    return [_base36(n) for n in range(36 ** 3)]


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, r = divmod(n, 36)
        text = digits[r] + text
        if not n:
            return text


def _script(kind: str, key: Any, data: Any) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # `</` can end a <script> element if a file is ever inlined; U+2028/9 broke old parsers.
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"yizhanSearchData({json.dumps(kind)},{json.dumps(key)},{payload});\n"


@dataclass
class SearchIndex:
    """The files of the index, by path under the output folder."""

    files: dict[str, str] = field(default_factory=dict)
    docs: int = 0
    buckets: int = 0
    chunks: int = 0

    @property
    def size(self) -> int:
        return sum(len(text.encode("utf-8")) for text in self.files.values())


_PAIR = re.compile("..", re.S)  # one bigram of `_doc_grams`


def title_keys(title: str) -> set[str]:
    """The title postings' keys of a page: `^` and each character or bigram of its title."""
    pieces = bigrams(title)
    for run in runs(normalize(title)):
        pieces.update(run)
    return {TITLE + piece for piece in pieces}


def key_bucket(key: str, buckets: int) -> int:
    """The bucket of a postings key: a bigram's own, and a title key's piece's (a character's
    bucket is its code point's remainder)."""
    piece = key.removeprefix(TITLE)
    return bucket(piece, buckets) if len(piece) == 2 else ord(piece) % buckets


def build_index(docs: list[Doc], memo: Memo | None = None) -> SearchIndex:
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for doc_id, doc in enumerate(docs):
        if memo is not None and memo.keeps:
            pairs = _remembered(memo, _doc_grams, "\n".join((doc.title, doc.fields, doc.body)))
            grams: Iterable[str] = _PAIR.findall(pairs)
        else:
            grams = doc.grams
        for gram in (*grams, *title_keys(doc.title)):
            postings[gram].append(doc_id)
    encoded = {gram: _postings(ids) for gram, ids in postings.items()}
    total = sum(len(g.encode()) + len(p) + 6 for g, p in encoded.items())
    buckets = 1
    while buckets < MAX_BUCKETS and total / buckets > BUCKET_TARGET:
        buckets *= 2
    shards: list[dict[str, str]] = [{} for _ in range(buckets)]
    for gram, text in encoded.items():
        shards[key_bucket(gram, buckets)][gram] = text

    # Pages by id in runs of `per_chunk`: the meta says where a page is with one number.
    size = sum(len(d.url) + len(d.title) + len(d.fields) + len(d.body) + 16 for d in docs)
    per_chunk = max(1, round(TEXT_TARGET * len(docs) / size)) if docs else 1
    chunks = [[[d.url, d.title, d.type_index, d.fields, d.body] for d in docs[start:start + per_chunk]]
              for start in range(0, len(docs), per_chunk)]

    data = {f"b{k}.js": _script("b", k, shard) for k, shard in enumerate(shards)}
    data.update({f"t{k}.js": _script("t", k, chunk) for k, chunk in enumerate(chunks)})
    digest = hashlib.sha256()
    for name in sorted(data):
        digest.update(name.encode() + b"\0" + data[name].encode())
    version = digest.hexdigest()[:10]
    meta = {"format": FORMAT, "version": version, "types": [t.label for t in KINDS], "docs": len(docs),
            "buckets": buckets, "per_chunk": per_chunk}
    index = SearchIndex(docs=len(docs), buckets=buckets, chunks=len(chunks))
    index.files[f"{SEARCH_DIR}/meta.js"] = _script("meta", 0, meta)
    for name, text in data.items():
        index.files[f"{SEARCH_DIR}/{version}/{name}"] = text
    return index


def write_search_index(site: Site, out_dir: Path, report: Report, cache: StepCache) -> None:
    """Output step: the search index under `search/`."""
    memo = _memo(cache)
    index = build_index(documents(site, memo), memo)
    memo.save()
    for relative, text in index.files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def search(docs: list[Doc], query: str) -> list[int]:
    """The ids of the pages that contain every word of `query` (the reference for tests and the
    benchmark; the browser does the same with the index files)."""
    words = list(runs(normalize(query)))
    if not words:
        return []
    found = []
    for doc_id, doc in enumerate(docs):
        text = normalize("\n".join((doc.title, doc.fields, doc.body)))
        if all(word in text for word in words):
            found.append(doc_id)
    return found
