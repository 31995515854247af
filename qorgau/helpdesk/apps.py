from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _triage(user: Any) -> bool:
    from qorgau.helpdesk.permissions import can_triage

    return can_triage(user)


def _cases(user: Any) -> bool:
    from qorgau.helpdesk.permissions import can_list_cases

    return can_list_cases(user)


class HelpdeskConfig(AppConfig):
    name = "qorgau.helpdesk"
    label = "helpdesk"
    verbose_name = _("Legal help desk")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (
            NavItem("helpdesk:request", _("Legal help")),
            NavItem("helpdesk:queue", _("Help requests"), _triage, section="staff"),
            NavItem("helpdesk:cases", _("Cases"), _cases, section="staff"),
        )
