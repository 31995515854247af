"""API of the helpdesk app."""

from ninja import Router

router = Router(tags=["helpdesk"])

# Triage and cases (api_cases.py).
from qorgau.helpdesk.api_cases import router as cases_router  # noqa: E402

router.add_router("", cases_router)
