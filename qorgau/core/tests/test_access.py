"""Every page, for an anonymous visitor, someone without the right, and someone with it.

The tables must name every URL of the site: a new view without an entry fails the last test.
An app may keep its own table in `qorgau/<app>/tests/access*.py`: a dict `ACCESS` in the shape
below and a function `objects(owner) -> dict` that creates what its path arguments name (the
owner is the person who should get through).
"""

from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from qorgau.accounts.models import ApiToken, Role, SecurityKey, User
from qorgau.conftest import make_user
from qorgau.core.models import CalendarOverride

pytestmark = pytest.mark.django_db

PUBLIC = "public"
SIGNED_IN = "signed in"  # anonymous → sign-in page; any signed-in person may
STAFF = "staff"  # anonymous → sign-in page; members → 403
ADMIN = "admin"  # anonymous → sign-in page; other roles → 403
EDITOR = "editor"  # as ADMIN, for editors (and administrators)
FLOW = "flow"  # a step of a flow that checks its own state (tested in its own file)
# Any role (Role.MONITOR, Role.COORDINATOR, …): anonymous → sign-in page; a member and a trainer
# → 403 or 404; a person holding only that role (second factor passed) gets through.

# url name: (who may, method, path arguments)
ACCESS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "core:home": (PUBLIC, "get", {}),
    "core:security": (PUBLIC, "get", {}),
    "healthz": (PUBLIC, "get", {}),
    "security-txt": (PUBLIC, "get", {}),
    "accounts:login": (PUBLIC, "get", {}),
    "accounts:login-verify": (FLOW, "get", {}),
    "accounts:key-login-begin": (FLOW, "post", {}),
    "accounts:key-login-finish": (FLOW, "post", {}),
    "accounts:logout": (PUBLIC, "post", {}),
    "accounts:password-reset": (PUBLIC, "get", {}),
    "accounts:password-reset-done": (PUBLIC, "get", {}),
    "accounts:password-reset-confirm": (PUBLIC, "get", {"uidb64": "MQ", "token": "x-y"}),
    "accounts:password-reset-complete": (PUBLIC, "get", {}),
    "accounts:profile": (SIGNED_IN, "get", {}),
    "accounts:reauth": (SIGNED_IN, "get", {}),
    "accounts:otp-setup": (SIGNED_IN, "get", {}),
    "accounts:recovery-codes": (SIGNED_IN, "post", {}),
    "accounts:password-change": (SIGNED_IN, "get", {}),
    "accounts:key-register-begin": (SIGNED_IN, "post", {}),
    "accounts:key-register-finish": (SIGNED_IN, "post", {}),
    "accounts:key-remove": (SIGNED_IN, "post", {"pk": "key"}),
    "accounts:tokens": (STAFF, "get", {}),
    "accounts:token-create": (STAFF, "get", {}),
    "accounts:token-revoke": (STAFF, "post", {"pk": "token"}),
    "staff:users": (ADMIN, "get", {}),
    "staff:user-invite": (ADMIN, "get", {}),
    "staff:user-detail": (ADMIN, "get", {"pk": "user"}),
    "staff:user-roles": (ADMIN, "post", {"pk": "user"}),
    "staff:user-otp-reset": (ADMIN, "post", {"pk": "user"}),
    "staff:user-active": (ADMIN, "post", {"pk": "user"}),
    "staff:audit": (ADMIN, "get", {}),
    "staff:audit-export": (ADMIN, "get", {}),
    "staff:calendar": (ADMIN, "get", {}),
    "staff:calendar-delete": (ADMIN, "post", {"pk": "override"}),
    "library:index": (PUBLIC, "get", {}),
    "library:search": (PUBLIC, "get", {}),
    "library:cite": (PUBLIC, "get", {"key": "kz-mml:1"}),
    "library:act": (PUBLIC, "get", {"act": "kz-mml"}),
    "library:article": (PUBLIC, "get", {"act": "kz-mml", "article": "1"}),
    "library:compare": (PUBLIC, "get", {"act": "kz-mml", "article": "1"}),
    "library:decisions": (PUBLIC, "get", {}),
    "checkup:check": (PUBLIC, "get", {}),
    "library:commentary-edit": (EDITOR, "get", {"key": "kz-mml:1"}),
    "library:decision-create": (EDITOR, "get", {}),
    "library:decision-edit": (EDITOR, "get", {"pk": "decision"}),
}


def _app_tables() -> list[Any]:
    root = Path(__file__).resolve().parents[2]
    modules = sorted(root.glob("*/tests/access*.py"))
    return [import_module(f"qorgau.{m.parent.parent.name}.tests.{m.stem}") for m in modules]


APP_TABLES = _app_tables()
for _table in APP_TABLES:
    ACCESS.update(_table.ACCESS)
ROLES = {str(role) for role in Role}


def _objects(owner: User) -> dict[str, Any]:
    found = _core_objects(owner)
    for table in APP_TABLES:
        found.update(table.objects(owner))
    return found


def _core_objects(owner: User) -> dict[str, Any]:
    token = ApiToken.objects.create(
        user=owner,
        name="t",
        prefix=f"p{owner.pk}",
        key_hash="0" * 64,
        expires_at="2099-01-01T00:00Z",
    )
    key = SecurityKey.objects.create(user=owner, name="k", credential_id=b"c", public_key=b"p")
    override = CalendarOverride.objects.create(
        date="2030-01-02", kind="day_off", reason_kk="a", reason_ru="b", reason_en="c"
    )
    from qorgau.library.models import Act, CourtDecision, Provision

    act, _created = Act.objects.get_or_create(
        code="kz-mml", defaults={"kind": "law", "status": "in_force"}
    )
    Provision.objects.get_or_create(
        key="kz-mml:1", defaults={"act": act, "kind": "article", "number": "1"}
    )
    decision = CourtDecision.objects.create(
        court="Суд", instance="first", date="2025-01-01", outcome="—"
    )
    return {
        "token": token.pk,
        "key": key.pk,
        "override": override.pk,
        "user": owner.pk,
        "decision": decision.pk,
    }


def _url(name: str, objects: dict[str, Any]) -> str:
    from django.urls import reverse
    from django.utils import translation

    _who, _method, kwargs = ACCESS[name]
    resolved = {k: objects.get(v, v) for k, v in kwargs.items()}
    with translation.override("en"):
        return reverse(name, kwargs=resolved)


def _call(client: Client, name: str, objects: dict[str, Any]) -> Any:
    method = ACCESS[name][1]
    return getattr(client, method)(_url(name, objects))


@pytest.mark.parametrize(
    "name", [n for n, (who, *_r) in ACCESS.items() if who != PUBLIC and who != FLOW]
)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, charlie: User, name: str) -> None:
    response = _call(client, name, _objects(charlie))
    if name.startswith("accounts:key-register"):
        assert response.status_code == 401  # JSON endpoints answer instead of redirecting
    else:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name", [n for n, (who, *_r) in ACCESS.items() if who in (STAFF, ADMIN, EDITOR) or who in ROLES]
)
def test_people_without_the_role_are_refused(login_as, charlie: User, bob: User, name: str) -> None:
    who = ACCESS[name][0]
    if who in ROLES:
        people = [charlie, make_user("trainer@qorgau.test", Role.TRAINER)]
    else:
        people = [charlie if who == STAFF else bob]
    objects = _objects(people[0])
    for person in people:
        response = _call(login_as(person), name, objects)
        assert response.status_code in (403, 404), (person, response.status_code)


@pytest.mark.parametrize("name", [n for n, (who, *_r) in ACCESS.items() if who != FLOW])
def test_people_with_the_role_get_through(login_as, dana: User, name: str) -> None:
    who = ACCESS[name][0]
    person = make_user(f"{who}@qorgau.test", who) if who in ROLES else dana
    response = _call(login_as(person), name, _objects(person))
    assert response.status_code in (200, 201, 302, 400), response.status_code
    if response.status_code == 302:
        assert "/accounts/login/" not in response["Location"]


def _names(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


def test_every_page_of_the_site_is_in_the_access_table() -> None:
    site = {name for name in _names(get_resolver()) if not name.startswith("api-")}
    assert len(site) >= len(ACCESS) - 2
    assert site - set(ACCESS) == set()
