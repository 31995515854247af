from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "qorgau.network"
    label = "network"
    verbose_name = _("Lawyers' network")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        return ()
