"""The public monitoring pages and the staff report page in the site-wide access table (see
qorgau/core/tests/test_access.py)."""

from typing import Any

from qorgau.accounts.models import Role, User

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "monitoring:incidents": ("public", "get", {}),
    "monitoring:incident": ("public", "get", {"pk": "public_incident"}),
    "monitoring:stats": ("public", "get", {}),
    "monitoring:feed": ("public", "get", {}),
    "monitoring:feed-atom": ("public", "get", {}),
    "monitoring:staff-report": (str(Role.MONITOR), "get", {}),
}


def objects(owner: User) -> dict[str, Any]:
    from qorgau.monitoring.tests.public_sample import make_incident

    return {"public_incident": make_incident().pk}
