"""The intake's pages in the site-wide access table (see qorgau/core/tests/test_access.py):
the public form, receipt and return pages are open to everyone; a request's page and its actions
are for coordinators only, and answer 404 to anyone else signed in."""

from typing import Any

from qorgau.accounts.models import Role, User

PUBLIC = "public"
COORDINATOR = str(Role.COORDINATOR)

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "helpdesk:request": (PUBLIC, "get", {}),
    "helpdesk:received": (PUBLIC, "get", {}),
    "helpdesk:status": (PUBLIC, "get", {}),
    "helpdesk:status-message": (PUBLIC, "post", {}),
    "helpdesk:status-leave": (PUBLIC, "post", {}),
    "helpdesk:exit": (PUBLIC, "get", {}),
    "helpdesk:request-detail": (COORDINATOR, "get", {"pk": "help_request"}),
    "helpdesk:request-reply": (COORDINATOR, "post", {"pk": "help_request"}),
    "helpdesk:request-grant": (COORDINATOR, "post", {"pk": "help_request"}),
    "helpdesk:request-file": (
        COORDINATOR,
        "get",
        {"pk": "help_request", "file_pk": "request_file", "variant": "original"},
    ),
}


def objects(owner: User) -> dict[str, Any]:
    from qorgau.helpdesk.files import prepare
    from qorgau.helpdesk.intake import IntakeContent, IntakeFacts, request_submit

    submitted = request_submit(
        facts=IntakeFacts(),
        content=IntakeContent(description="access table"),
        files=[prepare("note.txt", b"a note")],
        submission_token=f"access-{owner.pk}",
    )
    return {"help_request": submitted.request.pk, "request_file": submitted.request.files.get().pk}
