"""The encryption-key pages in the site-wide access table (see qorgau/core/tests/test_access.py);
the other account pages stay in core's table."""

from typing import Any

from qorgau.accounts.models import User

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "accounts:keypair-create": ("staff", "get", {}),
    "accounts:keypair-confirm": ("signed in", "post", {}),
    "accounts:unlock-keys": ("signed in", "get", {}),
    "accounts:keypair-recover": ("signed in", "get", {}),
    "accounts:keypair-recovery-new": ("signed in", "post", {}),
}


def objects(owner: User) -> dict[str, Any]:
    return {}
