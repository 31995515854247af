"""The site navigation, assembled from what each installed app offers.

An app lists its entries in `nav_items` on its AppConfig: (url name, label, who may see it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

Visible = Callable[[Any], bool]


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any
    visible: Visible = lambda user: True
    section: str = "main"  # "main" (top bar) or "staff" (administration menu)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def navigation_for(request: HttpRequest) -> dict[str, list[NavLink]]:
    user = getattr(request, "user", None)
    sections: dict[str, list[NavLink]] = {"main": [], "staff": []}
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if user is None or not item.visible(user):
                continue
            url = reverse(item.url_name)
            current = request.path == url or (url.count("/") > 2 and request.path.startswith(url))
            sections[item.section].append(NavLink(url=url, label=str(item.label), current=current))
    return sections
