from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckupConfig(AppConfig):
    name = "qorgau.checkup"
    label = "checkup"
    verbose_name = _("Legal check-up")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (NavItem("checkup:check", _("Check a draft")),)
