"""服务目录: services with their place, contact and opening hours; a directory sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from generator.content.schemas import Service
from generator.kinds.base import Kind, PosterSection, KioskSlide

if TYPE_CHECKING:
    from generator.model import Item, Site
    from generator.render.jsonld import LinkedData


def jsonld(ld: "LinkedData", item: "Item") -> dict[str, Any]:
    """A Service: who provides it, when it is open, where and how to reach it."""
    service = cast(Service, item.fields)
    node = ld.common(item, "Service")
    node.update(serviceType=service.category, provider=ld.organization(service.provider))
    if service.hours:
        node["hoursAvailable"] = [{"@type": "OpeningHoursSpecification", "dayOfWeek": [ld.day(d) for d in h.days],
                                   "opens": ld.clock(h.open), "closes": ld.clock(h.close)} for h in service.hours]
    channels: list[dict[str, Any]] = [{"@type": "ServiceChannel", "name": "现场办理",
                                       "serviceLocation": ld.place(service.location)}]
    contact = service.contact
    if contact and contact.phone:
        channels.append({"@type": "ServiceChannel", "name": "电话",
                         "servicePhone": {"@type": "ContactPoint", "telephone": contact.phone}})
    if contact and contact.email and "@" in contact.email and " " not in contact.email.strip():
        channels.append({"@type": "ServiceChannel", "name": "邮箱", "serviceUrl": "mailto:" + contact.email.strip()})
    if contact and contact.url:
        channels.append({"@type": "ServiceChannel", "name": "网上办理", "serviceUrl": contact.url})
    node["availableChannel"] = channels
    return node


HOME_COUNT = 12  # the home page stays small at any size (≤ 50 KB, tests/test_home_weight.py)


def on_home(site: "Site") -> list["Item"]:
    return site.of(KIND)[:HOME_COUNT]  # the browser shows which are open now; 全部服务 lists the rest


# -- the corridor screen (kiosk/index.html) -------------------------------------------
def on_kiosk(site: "Site") -> list[KioskSlide]:
    """One slide of the services open now (decided by the browser), with today's hours."""
    services = [item for item in site.of(KIND) if item.fields.hours]  # type: ignore[attr-defined]
    if not services:
        return []
    return [KioskSlide("services", f"{KIND.name}/", {"services": services, "label": KIND.label}, {"rows": "hours"})]


KIND = Kind(
    "services", "服务目录", Service, ("category", "title"), group_by="category", category_field="category",
    words=("服务", "service"), example="示例服务：社区服务大厅",
    home=on_home, jsonld=jsonld,
    poster_sections=(PosterSection("steps", "办理步骤", numbered=True), PosterSection("materials", "所需材料")),
    kiosk=on_kiosk,
)
