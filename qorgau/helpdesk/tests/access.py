"""This app's pages in the site-wide access table (see qorgau/core/tests/test_access.py)."""

from typing import Any

from qorgau.accounts.models import User

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {}


def objects(owner: User) -> dict[str, Any]:
    return {}
