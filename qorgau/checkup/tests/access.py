"""This app's pages in the site-wide access table (see qorgau/core/tests/test_access.py).
`checkup:check` itself stays in core's table."""

from typing import Any

from qorgau.accounts.models import User
from qorgau.checkup.engine import check

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "checkup:report-pdf": ("public", "post", {}),
    "checkup:redacted": ("public", "post", {}),
    "checkup:save": ("signed in", "post", {}),
    "checkup:saved": ("signed in", "get", {}),
    "checkup:saved-detail": ("signed in", "get", {"pk": "saved_check"}),
    "checkup:saved-delete": ("signed in", "post", {"pk": "saved_check"}),
}


def objects(owner: User) -> dict[str, Any]:
    from qorgau.checkup.services import saved_check_create

    text = "Аким Ерлан Сапаров украл деньги."
    saved = saved_check_create(
        owner=owner, title="t", text=text, report=check(text), ai_assisted=False
    )
    return {"saved_check": saved.pk}
