from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_monitor(user: Any) -> bool:
    from qorgau.monitoring.permissions import can_monitor

    return can_monitor(user)


def _is_admin(user: Any) -> bool:
    from qorgau.core.permissions import is_admin

    return is_admin(user)


def _edits_topics(user: Any) -> bool:
    from qorgau.monitoring.permissions import can_edit_topics

    return can_edit_topics(user)


class MonitoringConfig(AppConfig):
    name = "qorgau.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    @property
    def nav_items(self) -> tuple[Any, ...]:
        from qorgau.core.navigation import NavItem

        return (
            NavItem("monitoring:incidents", _("Press freedom incidents")),
            NavItem("monitoring:staff-queue", _("Monitoring queue"), _is_monitor, section="staff"),
            NavItem("monitoring:staff-import", _("Import incidents"), _is_monitor, section="staff"),
            NavItem(
                "monitoring:staff-vocabulary",
                _("Monitoring vocabularies"),
                _is_admin,
                section="staff",
            ),
            NavItem(
                "monitoring:staff-topics",
                _("Collections and tags"),
                _edits_topics,
                section="staff",
            ),
        )
