"""A portal's sources (SPEC §6, issue 19): each source's `data/site.json`, read from `path`
(a built output folder) or from `url` + `data/site.json` (HTTPS; plain http only for a
loopback address; a time-out, a size limit, a JSON content type, no redirect to another
host), validated against the export's schema (render/export.py).

A fault never stops the build: it is a warning naming the source, and the last good copy
kept under `--cache DIR` is used; without one the portal builds without the source and its
communities page says so, with the day of the last success when it is known. What was read
is input: the copies and `--today` decide the output, never the clock.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema

from generator.kinds import notices
from generator.config import SiteConfig
from generator.render.export import EXPORT_FILE, SCHEMA
from generator.problems import Report

TIMEOUT = 10.0                  # seconds for one source
MAX_BYTES = 20 * 1024 * 1024    # a source's export larger than this is refused
CACHE_FOLDER = "sources"

_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


class SourceFault(Exception):
    """Why a source could not be read (in Chinese, for the warning and the page)."""


@dataclass
class Source:
    """One source as this build has it: its records, or why not."""

    name: str
    link: str                                  # where its site is (its own URL, else the export's)
    records: list[dict[str, Any]] = field(default_factory=list)
    state: str = "ok"                          # ok, cached (last good copy), missing
    fault: str = ""
    read_on: str | None = None                 # the day its records were read (last success)

    @property
    def slug(self) -> str:
        return "s" + hashlib.sha256(self.name.encode("utf-8")).hexdigest()[:8]


def is_loopback(host: str | None) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


class _SameHost(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme and host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            raise SourceFault(f"网址被转到了另一个网站（{new.netloc}），没有跟随")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> bytes:
    """`<url>data/site.json` over HTTPS (plain http for loopback only), size-limited."""
    target = urllib.parse.urljoin(url if url.endswith("/") else url + "/", EXPORT_FILE)
    parts = urllib.parse.urlsplit(target)
    if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(parts.hostname)):
        raise SourceFault("网址应以 https:// 开头（http:// 只用于本机地址）")
    opener = urllib.request.build_opener(_SameHost)
    request = urllib.request.Request(target, headers={"Accept": "application/json", "User-Agent": "yizhan-portal"})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            kind = response.headers.get_content_type()
            if kind not in ("application/json", "text/json"):
                raise SourceFault(f"返回的不是 JSON（Content-Type: {kind}）")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise SourceFault(f"数据太大（超过 {MAX_BYTES // 1024 // 1024} MB）")
            data = response.read(MAX_BYTES + 1)
    except SourceFault:
        raise
    except urllib.error.HTTPError as exc:
        raise SourceFault(f"服务器回答 {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceFault(f"连接失败（{reason}）") from None
    if len(data) > MAX_BYTES:
        raise SourceFault(f"数据太大（超过 {MAX_BYTES // 1024 // 1024} MB）")
    return data


def read_path(root: Path, path: str) -> bytes:
    file = root / path / EXPORT_FILE
    try:
        if file.stat().st_size > MAX_BYTES:
            raise SourceFault(f"数据太大（超过 {MAX_BYTES // 1024 // 1024} MB）")
        return file.read_bytes()
    except OSError:
        raise SourceFault(f"读不到 {path.rstrip('/')}/{EXPORT_FILE}（那个网站生成过吗？）") from None


def parse(data: bytes) -> dict[str, Any]:
    """The export, or SourceFault when it is not JSON or does not match the schema."""
    try:
        export = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SourceFault("data/site.json 不是有效的 JSON") from None
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(export))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "（最外层）"
        raise SourceFault(f"data/site.json 不符合格式说明（{where}：{error.message[:120]}）")
    return export


def _cache_file(cache: Path, settings: Any) -> Path:
    key = f"{settings.name}\n{settings.path or ''}\n{settings.url or ''}"
    return cache / CACHE_FOLDER / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] + ".json")


def read_sources(config: SiteConfig, today: date, report: Report, cache: Path | None = None) -> list[Source]:
    """Every source of the config, in its order; faults are warnings (see the module)."""
    sources = []
    for index, settings in enumerate(config.sources):
        where = f"sources[{index}]"
        source = Source(settings.name, settings.url or "")
        try:
            data = fetch(settings.url) if settings.url else read_path(config.root, settings.path or "")
            export = parse(data)
        except SourceFault as fault:
            source.fault = str(fault)
            kept = _cache_file(cache, settings) if cache else None
            copy = _read_copy(kept) if kept else None
            if copy:
                source.state, source.read_on = "cached", copy["read_on"]
                export = copy["export"]
                report.warning(config.path.name, 1, where,
                               f"来源“{settings.name}”读取失败：{fault}；用的是 {copy['read_on']} 读到的副本")
            else:
                source.state = "missing"
                report.warning(config.path.name, 1, where,
                               f"来源“{settings.name}”读取失败：{fault}；这次门户里没有它的内容")
                sources.append(source)
                continue
        else:
            source.read_on = today.isoformat()
            if cache:
                file = _cache_file(cache, settings)
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(json.dumps({"read_on": source.read_on, "export": export},
                                            ensure_ascii=False).encode("utf-8"))
        source.link = source.link or export["site"]["url"]
        source.records = [{**record, "origin": record.get("origin") or {"name": source.name, "url": source.link}}
                          for record in export["items"]]
        sources.append(source)
    return sources


def _read_copy(file: Path) -> dict[str, Any] | None:
    try:
        copy = json.loads(file.read_bytes())
        parse(json.dumps(copy["export"]).encode("utf-8"))
        return copy if isinstance(copy.get("read_on"), str) else None
    except (OSError, ValueError, KeyError, TypeError, SourceFault):
        return None


# -- what the portal's pages show of them -------------------------------------------------
@dataclass(frozen=True)
class Gathered:
    """One item of a source as the portal shows it: only what the export carries."""

    record: dict[str, Any]

    @property
    def title(self) -> str:
        return self.record["title"]

    @property
    def url(self) -> str:
        return self.record["url"]

    @property
    def community(self) -> str:
        return self.record["origin"]["name"]

    @property
    def summary(self) -> str:
        return self.record.get("summary", "")

    @property
    def location(self) -> str:
        return self.record.get("location", "")

    @property
    def audience(self) -> list[str]:
        return self.record.get("audience", [])

    def day(self, key: str) -> date | None:
        """One of its `dates` (date, expires, …) as a day, when it has it."""
        value = self.record["dates"].get(key)
        return date.fromisoformat(value[:10]) if value else None


@dataclass(frozen=True)
class GatheredTime:
    """One occurrence of a source's item."""

    item: Gathered
    start: str
    end: str
    all_day: bool

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self.start[:10])

    @property
    def last_day(self) -> date:
        return date.fromisoformat(self.end[:10])


def gathered(site: Any, kind: str | None = None) -> list[Gathered]:
    """Every item of every source (of one kind), in the sources' order."""
    return [Gathered(record) for source in site.sources for record in source.records
            if kind is None or record["type"] == kind]


def current_notices(site: Any, on: date | None = None) -> list[Gathered]:
    """The sources' notices not expired on `on` (default: today), newest first."""
    day = (on or site.today).isoformat()
    found = [item for item in gathered(site, notices.KIND.name)
             if item.record["dates"].get("expires", "9999")[:10] >= day]
    return sorted(found, key=lambda item: (item.record["dates"].get("date", ""), item.url), reverse=True)


def times_between(site: Any, first: date, last: date) -> list[GatheredTime]:
    """The sources' occurrences overlapping `first`..`last`, in time order."""
    found = [GatheredTime(item, o["start"], o["end"], o["all_day"]) for item in gathered(site)
             for o in item.record["occurrences"]]
    return sorted((t for t in found if t.first_day <= last and t.last_day >= first),
                  key=lambda t: (t.start, t.item.title, t.item.url))
