from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_admin(user: Any) -> bool:
    from qorgau.core.permissions import is_admin

    return is_admin(user)


class CoreConfig(AppConfig):
    name = "qorgau.core"
    label = "core"
    verbose_name = _("Core")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (
            NavItem("core:home", _("Home")),
            NavItem("staff:audit", _("Audit trail"), _is_admin, section="staff"),
            NavItem("staff:calendar", _("Working-day calendar"), _is_admin, section="staff"),
        )
