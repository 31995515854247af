"""The monitors' pages and the public report form in the site-wide access table
(see qorgau/core/tests/test_access.py)."""

from typing import Any

from qorgau.accounts.models import Role, User

MONITOR = str(Role.MONITOR)
EDITOR = str(Role.EDITOR)

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "monitoring:report": ("public", "get", {}),
    "monitoring:report-thanks": ("public", "get", {}),
    "monitoring:staff-queue": (MONITOR, "get", {}),
    "monitoring:staff-incident-new": (MONITOR, "get", {}),
    "monitoring:staff-incident": (MONITOR, "get", {"pk": "staff_incident"}),
    "monitoring:staff-incident-edit": (MONITOR, "get", {"pk": "staff_incident"}),
    "monitoring:staff-incident-action": (
        MONITOR,
        "post",
        {"pk": "staff_incident", "action": "review"},
    ),
    "monitoring:staff-merge": (MONITOR, "get", {}),
    "monitoring:staff-import": (MONITOR, "get", {}),
    "monitoring:staff-import-confirm": (MONITOR, "post", {}),  # no token: 400, nothing written
    "monitoring:staff-import-template": (MONITOR, "get", {}),
    "monitoring:staff-vocabulary": ("admin", "get", {}),
    "monitoring:staff-vocabulary-new": ("admin", "get", {"kind": "types"}),
    "monitoring:staff-vocabulary-edit": ("admin", "get", {"kind": "signs", "code": "coordinated"}),
    "monitoring:staff-topics": (EDITOR, "get", {}),
    "monitoring:staff-topic-new": (EDITOR, "get", {"kind": "collections"}),
    "monitoring:staff-topic-edit": (EDITOR, "get", {"kind": "tags", "slug": "staff_tag"}),
}


def objects(owner: User) -> dict[str, Any]:
    from qorgau.monitoring.models import Tag
    from qorgau.monitoring.tests.factories import IncidentFactory, add_victim

    incident = IncidentFactory()
    add_victim(incident)
    tag, _created = Tag.objects.get_or_create(slug="access-tag", defaults={"name_en": "Access"})
    return {"staff_incident": incident.pk, "staff_tag": tag.slug}
