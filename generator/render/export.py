"""`data/site.json` and `data/site.schema.json` (SPEC §5): the site's items for other programs
(an app, a screen, a portal: SPEC §6), written when `site_url` is set.

Per item: its type, title, absolute URL, summary, tags, category, audience, the dates of its
front matter, location, its occurrences of the coming six months and its poster's URL; never
drafts. Everything read from the kinds' records (`Kind.category_field`, `audience_field`,
`occurrences`), not from their names. The JSON is reproducible: keys in a fixed order, items
in the site's order, nothing from the clock but `--today`.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from generator.calendar.occurrences import Occurrence, occurrences_of
from generator.kinds import KINDS
from generator.model import Item, Site
from generator.problems import Report
from generator.stepcache import StepCache

FOLDER = "data"
EXPORT_FILE = f"{FOLDER}/site.json"
SCHEMA_FILE = f"{FOLDER}/site.schema.json"
VERSION = 1
HORIZON = timedelta(days=183)   # the occurrences of the coming six months
MAX_OCCURRENCES = 200           # an item carries at most this many

_TEXT = {"type": "string", "maxLength": 2000}
_WHEN = {"type": "string", "maxLength": 40,
         "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$"}
_URL = {"type": "string", "maxLength": 2000, "pattern": r"^https?://"}
_OCCURRENCE = {"type": "object", "additionalProperties": False, "required": ["start", "end", "all_day"],
               "properties": {"start": _WHEN, "end": _WHEN, "all_day": {"type": "boolean"},
                              "title": _TEXT}}
_ORIGIN = {"type": "object", "additionalProperties": False, "required": ["name", "url"],
           "properties": {"name": _TEXT, "url": _URL}}
_ITEM = {
    "type": "object", "additionalProperties": False,
    "required": ["type", "title", "url", "summary", "tags", "dates", "occurrences"],
    "properties": {
        "type": {"type": "string", "enum": [kind.name for kind in KINDS]},
        "title": _TEXT, "url": _URL, "summary": _TEXT,
        "tags": {"type": "array", "items": _TEXT, "maxItems": 50},
        "category": _TEXT,
        "audience": {"type": "array", "items": _TEXT, "maxItems": 50},
        "dates": {"type": "object", "additionalProperties": _WHEN, "maxProperties": 20},
        "location": _TEXT,
        "occurrences": {"type": "array", "items": _OCCURRENCE, "maxItems": MAX_OCCURRENCES},
        "poster": _URL,
        "origin": _ORIGIN,
    },
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://yizhan.invalid/data/site.schema.json",
    "title": "yizhan data/site.json",
    "description": "一站（yizhan）站点导出的内容，供其他程序和门户读取（version 1）",
    "type": "object", "additionalProperties": False,
    "required": ["version", "site", "items"],
    "properties": {
        "version": {"const": VERSION},
        "site": {"type": "object", "additionalProperties": False,
                 "required": ["name", "url", "timezone", "today"],
                 "properties": {"name": _TEXT, "url": _URL, "timezone": _TEXT, "description": _TEXT,
                                "organization": _TEXT, "today": _WHEN}},
        "items": {"type": "array", "items": _ITEM, "maxItems": 100000},
    },
}


def when(value: date | datetime, site: Site) -> str:
    """A date as it is; a local date-time with the offset of the site's zone."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=site.config.tz).isoformat()
    return value.isoformat()


def occurrence_record(occurrence: Occurrence, site: Site) -> dict[str, Any]:
    record: dict[str, Any] = {"start": when(occurrence.start, site), "end": when(occurrence.end, site),
                              "all_day": occurrence.all_day}
    if occurrence.label:
        record["title"] = occurrence.label
    return record


def item_record(item: Item, site: Site) -> dict[str, Any]:
    """One item as the export carries it (its fields in the schema's order)."""
    fields = item.fields
    absolute = site.absolute_url
    record: dict[str, Any] = {"type": item.type.name, "title": item.title, "url": absolute(item.url),
                              "summary": item.summary, "tags": list(dict.fromkeys(fields.tags))}
    category = getattr(fields, item.type.category_field, None) if item.type.category_field else None
    if category:
        record["category"] = category
    audience = getattr(fields, item.type.audience_field, None) if item.type.audience_field else None
    if audience:
        record["audience"] = list(audience)
    record["dates"] = {name: when(value, site) for name in type(fields).model_fields
                       if isinstance(value := getattr(fields, name, None), date) and not isinstance(value, time)}
    location = getattr(fields, "location", None)
    if location:
        record["location"] = location
    last = site.today + HORIZON
    coming = []
    for occurrence in occurrences_of(item):
        if occurrence.first_day > last or len(coming) == MAX_OCCURRENCES:
            break
        if occurrence.last_day >= site.today:
            coming.append(occurrence_record(occurrence, site))
    record["occurrences"] = coming
    if item.wants_poster:
        record["poster"] = absolute(f"posters/{item.type.name}-{item.slug}.pdf")
    return record


def export(site: Site) -> dict[str, Any]:
    """`data/site.json` as data: the site, then every published item in the site's order."""
    config = site.config
    head: dict[str, Any] = {"name": config.site_name, "url": config.site_url, "timezone": config.timezone}
    if config.description:
        head["description"] = config.description
    if config.organization:
        head["organization"] = config.organization
    head["today"] = site.today.isoformat()
    items = [item_record(item, site) for kind in KINDS for item in site.of(kind)
             if not item.fields.draft]
    items += [record for source in site.sources for record in source.records]   # a portal's, with their origin
    return {"version": VERSION, "site": head, "items": items}


def dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_export(site: Site, out: Path, report: Report, cache: StepCache) -> None:
    """Output step: `data/site.json` and `data/site.schema.json` (only with `site_url`:
    the export's URLs are absolute)."""
    if not site.config.site_url:
        return
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (out / EXPORT_FILE).write_bytes(dumps(export(site)))
    (out / SCHEMA_FILE).write_bytes(dumps(SCHEMA))
