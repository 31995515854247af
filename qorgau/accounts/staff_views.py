"""Administration of people: invite, assign roles, reset a second factor, deactivate."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.accounts import services
from qorgau.accounts.forms import InviteForm, RolesForm, UserFilterForm
from qorgau.accounts.models import Role, User
from qorgau.core.models import AuditEvent
from qorgau.core.permissions import AuthedRequest, reauth_required, role_required


def users_filtered(form: UserFilterForm) -> QuerySet[User]:
    users = User.objects.prefetch_related("role_assignments").order_by("email")
    if not form.is_valid():
        return users
    data = form.cleaned_data
    if data.get("q"):
        users = users.filter(Q(email__icontains=data["q"]) | Q(full_name__icontains=data["q"]))
    if data.get("role"):
        users = users.filter(role_assignments__role=data["role"])
    if data.get("status"):
        users = users.filter(is_active=data["status"] == "active")
    return users


@role_required(Role.ADMIN)
def user_list(request: AuthedRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    page = Paginator(users_filtered(form), 50).get_page(request.GET.get("page"))
    template = "accounts/staff/user_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@role_required(Role.ADMIN)
@reauth_required
@require_http_methods(["GET", "POST"])
def user_invite(request: AuthedRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invited = services.user_invite(
            actor=request.user,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            roles=form.cleaned_data["roles"],
            language=form.cleaned_data["language"],
            base_url=request.build_absolute_uri("/")[:-1],
        )
        messages.success(
            request,
            _("An invitation was sent to %(email)s. The link works for three days.")
            % {"email": invited.email},
        )
        return redirect("staff:user-detail", pk=invited.pk)
    return render(request, "accounts/staff/user_invite.html", {"form": form})


@role_required(Role.ADMIN)
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    context = {
        "person": person,
        "roles_form": RolesForm(initial={"roles": sorted(person.roles)}),
        "has_second_factor": services.has_second_factor(person),
        "events": AuditEvent.objects.filter(
            object_type="accounts.user", object_id=str(person.pk)
        ).select_related("actor")[:20],
    }
    return render(request, "accounts/staff/user_detail.html", context)


@role_required(Role.ADMIN)
@reauth_required
@require_POST
def user_roles(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        try:
            services.user_roles_set(
                actor=request.user, user=person, roles=form.cleaned_data["roles"]
            )
        except ValueError:
            messages.error(request, _("You cannot remove your own administrator role."))
        else:
            messages.success(request, _("The roles are saved."))
    return redirect("staff:user-detail", pk=person.pk)


@role_required(Role.ADMIN)
@reauth_required
@require_POST
def user_reset_second_factor(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    services.second_factor_reset(actor=request.user, user=person)
    messages.success(
        request,
        _("The second factor is cleared. %(name)s will set up a new one at next sign-in.")
        % {"name": person},
    )
    return redirect("staff:user-detail", pk=person.pk)


@role_required(Role.ADMIN)
@reauth_required
@require_POST
def user_active(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=person, active=active)
    except ValueError:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        messages.success(
            request,
            _("%(name)s can sign in again.") % {"name": person}
            if active
            else _("%(name)s is deactivated and signed out everywhere.") % {"name": person},
        )
    return redirect("staff:user-detail", pk=person.pk)
