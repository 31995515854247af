"""This app's pages in the site-wide access table (see qorgau/core/tests/test_access.py)."""

from typing import Any

from qorgau.accounts.models import User
from qorgau.network.models import (
    Absence,
    DutyShift,
    LawyerProfile,
    MembershipApplication,
    Organisation,
)

PUBLIC = "public"
SIGNED_IN = "signed in"
LAWYER = "lawyer"  # lawyers; coordinators and administrators too
COORDINATOR = "coordinator"

ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "network:directory": (PUBLIC, "get", {}),
    "network:organisations": (PUBLIC, "get", {}),
    "network:apply": (PUBLIC, "get", {}),
    "network:apply-done": (PUBLIC, "get", {}),
    "network:conduct": (PUBLIC, "get", {}),
    "network:conduct-accept": (SIGNED_IN, "post", {}),
    "network:me": (LAWYER, "get", {}),
    "network:lawyers": (COORDINATOR, "get", {}),
    # A lawyer reaches their own profile; someone else's is refused (tested in test_pages.py).
    "network:lawyer": (LAWYER, "get", {"pk": "profile"}),
    "network:lawyer-edit": (LAWYER, "get", {"pk": "profile"}),
    "network:absence-add": (LAWYER, "post", {"pk": "profile"}),
    "network:absence-delete": (LAWYER, "post", {"pk": "profile", "absence": "absence"}),
    "network:applications": (LAWYER, "get", {}),
    "network:application": (LAWYER, "get", {"pk": "application"}),
    "network:application-endorse": (LAWYER, "post", {"pk": "application"}),
    "network:application-decide": (COORDINATOR, "post", {"pk": "application"}),
    "network:duty": (LAWYER, "get", {}),
    "network:duty-add": (COORDINATOR, "post", {}),
    "network:duty-delete": (COORDINATOR, "post", {"pk": "shift"}),
    "network:organisation-list": (COORDINATOR, "get", {}),
    "network:organisation-create": (COORDINATOR, "get", {}),
    "network:organisation-edit": (COORDINATOR, "get", {"pk": "organisation"}),
}


def objects(owner: User) -> dict[str, Any]:
    from django.utils import timezone

    profile, _created = LawyerProfile.objects.get_or_create(user=owner)
    absence = Absence.objects.create(lawyer=profile, starts="2030-01-01", ends="2030-01-05")
    now = timezone.now()
    shift = DutyShift.objects.create(
        lawyer=profile, starts=now, ends=now + timezone.timedelta(hours=12)
    )
    application = MembershipApplication.objects.create(
        full_name="Applicant",
        email=f"applicant{owner.pk}@example.org",
        bar_licence_number="0001",
        bar_licence_body="Bar",
        languages=["ru"],
        expertise=["copyright"],
        motivation="…",
    )
    organisation = Organisation.objects.create(name=f"Organisation {owner.pk}", kind="partner")
    return {
        "profile": profile.pk,
        "absence": absence.pk,
        "shift": shift.pk,
        "application": application.pk,
        "organisation": organisation.pk,
    }
