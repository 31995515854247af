from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _coordinator(user: Any) -> bool:
    from qorgau.network.permissions import can_manage_network

    return can_manage_network(user)


def _lawyer_or_coordinator(user: Any) -> bool:
    from qorgau.network.permissions import can_see_network_internals

    return can_see_network_internals(user)


def _lawyer(user: Any) -> bool:
    from qorgau.accounts.models import Role

    return bool(getattr(user, "is_authenticated", False) and Role.LAWYER in user.roles)


class NetworkConfig(AppConfig):
    name = "qorgau.network"
    label = "network"
    verbose_name = _("Lawyers' network")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (
            NavItem("network:directory", _("Lawyers")),
            NavItem("network:me", _("My lawyer's profile"), _lawyer, section="staff"),
            NavItem("network:lawyers", _("Network lawyers"), _coordinator, section="staff"),
            NavItem(
                "network:applications", _("Applications to join"), _lawyer_or_coordinator, "staff"
            ),
            NavItem("network:duty", _("Duty rota"), _lawyer_or_coordinator, section="staff"),
            NavItem("network:organisation-list", _("Organisations"), _coordinator, section="staff"),
        )
