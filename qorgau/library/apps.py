from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "qorgau.library"
    label = "library"
    verbose_name = _("Legal library")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (
            NavItem("library:index", _("Law")),
            NavItem("library:decisions", _("Court decisions")),
        )
