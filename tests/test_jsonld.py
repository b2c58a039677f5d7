"""schema.org JSON-LD on the pages (issue 18, SPEC §5): every item page of the example
site is parsed and checked against the table below, written from schema.org's
definitions (each type with the properties it has there, its own and inherited, that
yizhan uses; each property with the types schema.org lets it take)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from tests.conftest import build_tree

THING = {"@id", "name", "url", "description", "image"}
CREATIVE_WORK = THING | {"inLanguage", "keywords", "headline", "datePublished", "dateModified", "expires",
                         "publisher", "author", "audience", "isBasedOn", "mainEntity"}
EVENT = THING | {"inLanguage", "keywords", "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location",
                 "organizer", "performer", "maximumAttendeeCapacity", "offers", "eventSchedule"}
TYPES: dict[str, set[str]] = {
    "WebSite": CREATIVE_WORK,
    "WebPage": CREATIVE_WORK,
    "ProfilePage": CREATIVE_WORK,
    "Article": CREATIVE_WORK,
    "Event": EVENT,
    "EducationEvent": EVENT,
    "Service": THING | {"inLanguage", "keywords", "serviceType", "provider", "hoursAvailable", "availableChannel"},
    "Person": THING | {"award"},
    "Organization": THING,
    "Place": THING | {"address"},
    "Audience": THING | {"audienceType"},
    "Offer": THING | {"price", "priceCurrency"},
    "Schedule": THING | {"repeatFrequency", "byDay", "byMonthDay", "byMonthWeek", "startDate", "endDate", "startTime",
                         "endTime", "duration", "repeatCount", "exceptDate", "scheduleTimezone"},
    "OpeningHoursSpecification": THING | {"dayOfWeek", "opens", "closes"},
    "ServiceChannel": THING | {"serviceLocation", "servicePhone", "serviceUrl"},
    "ContactPoint": THING | {"telephone", "email"},
    "BreadcrumbList": THING | {"itemListElement"},
    "ListItem": THING | {"position", "item"},
}
# What a property's value must be: a node of one of these types, or a kind of text.
RANGES: dict[str, set[str]] = {
    "location": {"Place"}, "organizer": {"Organization", "Person"}, "performer": {"Person", "Organization"},
    "publisher": {"Organization", "Person"}, "author": {"Organization", "Person"}, "provider": {"Organization", "Person"},
    "audience": {"Audience"}, "offers": {"Offer"}, "eventSchedule": {"Schedule"}, "mainEntity": {"Person"},
    "hoursAvailable": {"OpeningHoursSpecification"}, "availableChannel": {"ServiceChannel"},
    "serviceLocation": {"Place"}, "servicePhone": {"ContactPoint"}, "itemListElement": {"ListItem"},
    "startDate": {"date", "datetime"}, "endDate": {"date", "datetime"}, "datePublished": {"date", "datetime"},
    "dateModified": {"date", "datetime"}, "expires": {"date", "datetime"}, "exceptDate": {"date", "datetime"},
    "startTime": {"time"}, "endTime": {"time"}, "opens": {"time"}, "closes": {"time"},
    "url": {"url"}, "item": {"url"}, "serviceUrl": {"url"}, "image": {"url"}, "isBasedOn": {"url"},
    "byDay": {"day"}, "dayOfWeek": {"day"}, "repeatFrequency": {"duration"}, "duration": {"duration"},
    "eventStatus": {"status"}, "eventAttendanceMode": {"mode"},
    "position": {"int"}, "repeatCount": {"int"}, "byMonthDay": {"int"}, "byMonthWeek": {"int"},
    "maximumAttendeeCapacity": {"int"},
}
DAY = re.compile(r"https://schema\.org/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
SCALARS = {
    "date": lambda v: bool(re.fullmatch(r"\d{4}-\d\d-\d\d", v)) and bool(date.fromisoformat(v)),
    # a date-time always carries the zone's offset
    "datetime": lambda v: bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", v)) and bool(datetime.fromisoformat(v)),
    "time": lambda v: bool(re.fullmatch(r"\d\d:\d\d:\d\d", v)),
    "url": lambda v: v.startswith(("https://", "http://", "mailto:")),
    "day": lambda v: bool(DAY.fullmatch(v)),
    "duration": lambda v: bool(re.fullmatch(r"P(\d+[DWMY]|T\d+M)", v)),
    "status": lambda v: v == "https://schema.org/EventScheduled",
    "mode": lambda v: v == "https://schema.org/OfflineEventAttendanceMode",
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def graph(page: str) -> list[dict]:
    (found,) = SCRIPT.findall(page)
    assert "<" not in found and ">" not in found and "&" not in found
    data = json.loads(found)
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def check_node(node: dict, where: str) -> None:
    """The node's type and properties are in the table; values of known ranges fit them."""
    type_ = node["@type"]
    assert type_ in TYPES, (where, type_)
    for name, value in node.items():
        if name == "@type":
            continue
        assert name in TYPES[type_], (where, type_, name)
        for one in value if isinstance(value, list) else [value]:
            assert one not in ("", None, []), (where, name)
            allowed = RANGES.get(name)
            if isinstance(one, dict):
                assert allowed is None or one["@type"] in allowed, (where, name, one["@type"])
                check_node(one, f"{where} {name}")
            elif allowed:
                assert any(SCALARS[kind](one) for kind in allowed if kind in SCALARS), (where, name, one)


def item_pages(site_dir: Path) -> dict[str, str]:
    pages = {}
    for kind in ("notices", "events", "lessons", "figures", "services", "policies", "pages"):
        for page in sorted((site_dir / kind).glob("*/index.html")):
            pages[page.relative_to(site_dir).parent.as_posix() + "/"] = page.read_text(encoding="utf-8")
    return pages


def test_every_item_page_of_the_example_has_valid_json_ld(example_site: Path) -> None:
    pages = item_pages(example_site)
    assert len(pages) > 30
    base = "https://xfl.example.edu.cn/"
    seen: dict[str, set[str]] = {}
    for url, page in pages.items():
        nodes = graph(page)
        for node in nodes:
            check_node(node, url)
        main, crumbs = nodes
        kind = url.split("/")[0]
        seen.setdefault(kind, set()).add(main["@type"])
        assert main["url"] == base + url and main["name"]
        trail = crumbs["itemListElement"]
        assert crumbs["@type"] == "BreadcrumbList" and [c["position"] for c in trail] == list(range(1, len(trail) + 1))
        assert trail[0]["item"] == base and trail[-1]["item"] == base + url and trail[-1]["name"] == main["name"]
        if kind == "events":
            assert {"startDate", "endDate", "eventStatus", "eventAttendanceMode", "organizer", "location"} <= set(main)
            assert main["location"]["@type"] == "Place" and main["location"]["name"]
        if kind in ("notices", "policies"):
            assert main["@type"] == "Article" and "datePublished" in main
        if kind == "services":
            assert main["provider"]["name"] and main["availableChannel"]
        if kind == "figures":
            assert main["mainEntity"]["@type"] == "Person" and main["mainEntity"]["name"] == main["name"]
    assert seen == {"notices": {"Article"}, "events": {"Event"}, "lessons": {"EducationEvent", "Article"},
                    "figures": {"ProfilePage"}, "services": {"Service"}, "policies": {"Article"},
                    "pages": {"WebPage"}}


def main_node(site_dir: Path, url: str) -> dict:
    return graph((site_dir / url / "index.html").read_text(encoding="utf-8"))[0]


def test_a_repeating_event_has_its_schedule(example_site: Path) -> None:
    zhuti = main_node(example_site, "events/zhuti-dangri")          # last Friday of the month, until, except
    assert zhuti["startDate"] == "2026-09-25T14:30:00+08:00"
    schedule = zhuti["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1M" and schedule["byDay"] == ["https://schema.org/Friday"]
    assert schedule["startDate"] == "2026-09-25" and schedule["endDate"] == "2027-06-30"
    assert schedule["exceptDate"] == ["2027-01-29T14:30:00+08:00"]
    assert schedule["startTime"] == "14:30:00" and schedule["scheduleTimezone"] == "Asia/Shanghai"
    counted = [e for e in (main_node(example_site, p.parent.relative_to(example_site).as_posix())
                           for p in (example_site / "events").glob("*/index.html"))
               if "repeatCount" in e.get("eventSchedule", {})]
    assert counted and all("endDate" not in e["eventSchedule"] for e in counted)
    assert any(e["eventSchedule"]["repeatFrequency"] == "P2W" for e in counted)   # every other week


def test_articles_services_lessons_and_the_home_page(example_site: Path) -> None:
    notice = main_node(example_site, "notices/shiwu-zhaoling-2026-11-3")
    assert notice["datePublished"] == "2026-11-20"
    assert [a["audienceType"] for a in notice["audience"]] == ["幸福里3号楼", "幸福里4号楼"]
    policies = [main_node(example_site, p.parent.relative_to(example_site).as_posix())
                for p in (example_site / "policies").glob("*/index.html")]
    assert all(p["dateModified"] for p in policies) and any("expires" in p for p in policies)
    services = [main_node(example_site, p.parent.relative_to(example_site).as_posix())
                for p in (example_site / "services").glob("*/index.html")]
    hours = [h for s in services for h in s.get("hoursAvailable", [])]
    assert hours and all(h["dayOfWeek"] and h["opens"] < h["closes"] for h in hours)
    channels = {c["name"] for s in services for c in s["availableChannel"]}
    assert {"现场办理", "电话"} <= channels
    lessons = [main_node(example_site, p.parent.relative_to(example_site).as_posix())
               for p in (example_site / "lessons").glob("*/index.html")]
    timed = [lesson for lesson in lessons if lesson["@type"] == "EducationEvent"]
    assert timed and all(lesson["startDate"].endswith("+08:00") for lesson in timed)
    (website,) = graph((example_site / "index.html").read_text(encoding="utf-8"))
    check_node(website, "home")
    assert website["@type"] == "WebSite" and website["url"] == "https://xfl.example.edu.cn/"
    crumbs = graph((example_site / "notices" / "index.html").read_text(encoding="utf-8"))
    assert [c["name"] for c in crumbs[0]["itemListElement"]] == ["首页", "通知公告"]


TITLE = "</script><script>alert(1)</script>"


def test_no_title_can_end_the_script_element(site, tmp_path: Path) -> None:
    site.item("notices/a.md", f"title: '{TITLE} & 通知'\ndate: 2026-11-20\naudience: ['</script>']")
    site.item("events/a.md", f"title: '{TITLE}'\nstart: 2026-11-25 19:00\nlocation: '</SCRIPT ><!--'")
    files = build_tree(site, tmp_path / "out")
    for url in ("notices/a/index.html", "events/a/index.html"):
        page = files[url].decode()
        (script,) = SCRIPT.findall(page)             # one element, ended by its own end tag
        assert "\\u003c/script\\u003e" in script and "</" not in script.lower()
        assert graph(page)[0]["name"].startswith(TITLE)


def test_a_figure_without_consent_is_a_page_with_no_person(site, tmp_path: Path) -> None:
    site.write("site_config.yml", site.config.read_text(encoding="utf-8") + "privacy: {require_consent: false}\n")
    site.item("figures/a.md", "title: 张三\nrole: 学生党员")
    node = graph(build_tree(site, tmp_path / "out")["figures/a/index.html"].decode())[0]
    assert node["@type"] == "ProfilePage" and "mainEntity" not in node
