from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "qorgau.helpdesk"
    label = "helpdesk"
    verbose_name = _("Legal help desk")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        return ()
