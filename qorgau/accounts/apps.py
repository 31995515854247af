from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_admin(user: Any) -> bool:
    from qorgau.core.permissions import is_admin

    return is_admin(user)


class AccountsConfig(AppConfig):
    name = "qorgau.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (NavItem("staff:users", _("People and roles"), _is_admin, section="staff"),)
