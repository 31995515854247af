from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "qorgau.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        return ()
