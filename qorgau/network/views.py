"""Pages of the network: the public directory, partners, joining and the code of conduct; for
lawyers and coordinators, profiles, applications, the duty rota and organisations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qorgau.accounts.models import Role
from qorgau.core.i18n import active_language
from qorgau.core.permissions import AuthedRequest, login_required, reauth_required, role_required
from qorgau.network import queries, services
from qorgau.network.forms import (
    AbsenceForm,
    ApplicationForm,
    CoordinatorProfileForm,
    DecisionForm,
    DirectoryFilter,
    DutyShiftForm,
    EndorseForm,
    LawyerFilter,
    OrganisationForm,
    ProfileForm,
)
from qorgau.network.models import (
    CODE_OF_CONDUCT_VERSION,
    Absence,
    DutyShift,
    LawyerProfile,
    MembershipApplication,
    Organisation,
    WorkingLanguage,
)
from qorgau.network.permissions import can_edit_profile, can_endorse, can_manage_network

ROTA_DAYS = 14


def _template(request: HttpRequest, name: str, part: str = "results") -> str:
    return f"{name}#{part}" if request.headers.get("HX-Request") else name


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@dataclass(frozen=True)
class DirectoryEntry:
    """What the public may know of a lawyer: never the e-mail address or the licence number."""

    name: str
    regions: list[str]
    languages: list[str]
    expertise: list[str]
    organisation: str
    bio: str
    bio_language: str
    bio_language_name: str
    fell_back: bool


def directory_entry(profile: LawyerProfile) -> DirectoryEntry:
    bio, shown = profile.bio
    organisation = profile.organisation
    return DirectoryEntry(
        name=profile.name,
        regions=[str(region.name) for region in profile.regions.all()],
        languages=profile.language_labels,
        expertise=profile.expertise_labels,
        organisation=organisation.name if organisation and organisation.public else "",
        bio=bio,
        bio_language=shown,
        bio_language_name=str(dict(WorkingLanguage.choices).get(shown, shown)),
        fell_back=bool(bio) and shown != active_language(),
    )


# --- Public pages.


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilter(request.GET)
    lawyers = form.apply(queries.public_directory())
    page = Paginator(lawyers, 30).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "entries": [directory_entry(profile) for profile in page],
        "query": _query(request),
    }
    return render(request, _template(request, "network/directory.html"), context)


@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/organisations.html",
        {"organisations": queries.public_organisations(), "language": active_language()},
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_submit(
                full_name=data["full_name"],
                email=data["email"],
                bar_licence_number=data["bar_licence_number"],
                bar_licence_body=data["bar_licence_body"],
                licence_valid_until=data["licence_valid_until"],
                regions=data["regions"],
                languages=data["languages"],
                expertise=data["expertise"],
                motivation=data["motivation"],
                language=active_language(),
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            return redirect("network:apply-done")
    return render(request, "network/apply.html", {"form": form})


@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "network/apply_done.html")


def _conduct_template() -> str:
    return f"network/conduct/code_{active_language()}.html"


@require_GET
def conduct(request: HttpRequest) -> HttpResponse:
    accepted = queries.conduct_accepted(request.user) if request.user.is_authenticated else None
    context = {
        "text_template": _conduct_template(),
        "version": CODE_OF_CONDUCT_VERSION,
        "accepted": accepted,
    }
    return render(request, "network/conduct.html", context)


@login_required
@require_POST
def conduct_accept(request: AuthedRequest) -> HttpResponse:
    if request.POST.get("read") != "1":
        messages.error(
            request, _("Tick the box to confirm that you have read the code of conduct.")
        )
        return redirect("network:conduct")
    services.code_of_conduct_accept(user=request.user, language=active_language())
    messages.success(request, _("Thank you: your acceptance of the code of conduct is recorded."))
    profile = LawyerProfile.objects.filter(user=request.user).first()
    if profile is not None:
        return redirect("network:lawyer", pk=profile.pk)
    return redirect("network:conduct")


# --- Lawyers: the staff directory and profiles.


@role_required(Role.COORDINATOR)
@require_GET
def lawyers(request: AuthedRequest) -> HttpResponse:
    form = LawyerFilter(request.GET)
    everyone = LawyerProfile.objects.select_related("user", "organisation").prefetch_related(
        "regions"
    )
    page = Paginator(form.apply(everyone), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    available = set(queries.lawyers_available(on=today).values_list("pk", flat=True))
    on_duty = set(queries.lawyers_on_duty(at=timezone.now()).values_list("pk", flat=True))
    context = {
        "form": form,
        "page": page,
        "available": available,
        "on_duty": on_duty,
        "query": _query(request),
    }
    return render(request, _template(request, "network/lawyers.html"), context)


@role_required(Role.LAWYER)
@require_http_methods(["GET", "POST"])
def me(request: AuthedRequest) -> HttpResponse:
    """The lawyer's own page; someone given the lawyer role without a profile creates it here."""
    profile = LawyerProfile.objects.filter(user=request.user).first()
    if profile is None and request.method == "POST":
        try:
            profile = services.profile_create(actor=request.user, user=request.user)
        except services.NetworkError as error:
            messages.error(request, str(error))
    if profile is not None:
        return redirect("network:lawyer", pk=profile.pk)
    return render(request, "network/me_empty.html")


def _editable_profile(request: AuthedRequest, pk: int) -> LawyerProfile:
    profile = get_object_or_404(LawyerProfile.objects.select_related("user", "organisation"), pk=pk)
    if not can_edit_profile(request.user, profile):
        raise PermissionDenied
    return profile


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_GET
def lawyer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = _editable_profile(request, pk)
    return _render_detail(request, profile, AbsenceForm())


def _render_detail(
    request: AuthedRequest, profile: LawyerProfile, absence_form: AbsenceForm, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "profile": profile,
        "own": profile.user_id == request.user.pk,
        "onboarding": queries.onboarding_for(profile.user),
        "absences": profile.absences.filter(ends__gte=today),
        "shifts": profile.duty_shifts.filter(ends__gte=timezone.now())[:10],
        "absence_form": absence_form,
        "available_today": queries.lawyers_available(on=today).filter(pk=profile.pk).exists(),
        "licence_valid": profile.licence_valid_on(today),
        "can_manage": can_manage_network(request.user),
    }
    return render(request, "network/lawyer_detail.html", context, status=status)


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def lawyer_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = _editable_profile(request, pk)
    form_class = CoordinatorProfileForm if can_manage_network(request.user) else ProfileForm
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            # The form wrote the typed values onto `profile` while validating: start the
            # service from the stored row so that it sees what changed.
            services.profile_update(
                actor=request.user,
                profile=LawyerProfile.objects.get(pk=profile.pk),
                data=form.profile_data(),
                regions=form.cleaned_data["regions"],
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("network:lawyer", pk=profile.pk)
    return render(request, "network/lawyer_edit.html", {"form": form, "profile": profile})


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_POST
def absence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = _editable_profile(request, pk)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        services.absence_add(
            actor=request.user,
            lawyer=profile,
            starts=form.cleaned_data["starts"],
            ends=form.cleaned_data["ends"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The absence is recorded."))
        return redirect("network:lawyer", pk=profile.pk)
    return _render_detail(request, profile, form, status=400)


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_POST
def absence_delete(request: AuthedRequest, pk: int, absence: int) -> HttpResponse:
    profile = _editable_profile(request, pk)
    services.absence_remove(
        actor=request.user, absence=get_object_or_404(Absence, pk=absence, lawyer=profile)
    )
    messages.success(request, _("The absence is removed."))
    return redirect("network:lawyer", pk=profile.pk)


# --- Applications to join.


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_GET
def applications(request: AuthedRequest) -> HttpResponse:
    rows = MembershipApplication.objects.annotate(endorsement_count=Count("endorsements")).order_by(
        "-submitted_at"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "network/applications.html",
        {
            "open": [a for a in page if a.is_open],
            "decided": [a for a in page if not a.is_open],
            "page": page,
            "needed": services.ENDORSEMENTS_NEEDED,
        },
    )


def _render_application(
    request: AuthedRequest,
    application: MembershipApplication,
    *,
    endorse_form: EndorseForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    endorsements = list(application.endorsements.select_related("endorser"))
    context = {
        "application": application,
        "endorsements": endorsements,
        "needed": services.ENDORSEMENTS_NEEDED,
        "can_endorse": can_endorse(request.user, application)
        and all(e.endorser_id != request.user.pk for e in endorsements),
        "can_decide": can_manage_network(request.user) and application.is_open,
        "endorse_form": endorse_form or EndorseForm(),
        "decision_form": decision_form or DecisionForm(),
    }
    return render(request, "network/application_detail.html", context, status=status)


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_GET
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_application(request, get_object_or_404(MembershipApplication, pk=pk))


@role_required(Role.LAWYER)
@require_POST
def application_endorse(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(MembershipApplication, pk=pk)
    form = EndorseForm(request.POST)
    if form.is_valid():
        try:
            services.application_endorse(
                endorser=request.user, application=application, note=form.cleaned_data["note"]
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your endorsement is recorded."))
            return redirect("network:application", pk=application.pk)
    return _render_application(request, application, endorse_form=form, status=400)


@role_required(Role.COORDINATOR)
@reauth_required
@require_POST
def application_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(MembershipApplication, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == MembershipApplication.Decision.ACCEPTED
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                accept=accept,
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Accepted: %(name)s is invited to sign in as a lawyer of the network.")
                % {"name": application.full_name}
                if accept
                else _("The application is declined; the reasons are recorded."),
            )
            return redirect("network:application", pk=application.pk)
    return _render_application(request, application, decision_form=form, status=400)


# --- The duty rota.


def _render_rota(
    request: AuthedRequest, form: DutyShiftForm | None = None, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    until = now + datetime.timedelta(days=ROTA_DAYS)
    shifts = DutyShift.objects.filter(ends__gt=now, starts__lt=until).select_related("lawyer__user")
    days: dict[datetime.date, list[DutyShift]] = {}
    for shift in shifts:
        days.setdefault(timezone.localtime(shift.starts).date(), []).append(shift)
    on_duty = list(queries.lawyers_on_duty(at=now))
    manage = can_manage_network(request.user)
    context: dict[str, Any] = {
        "days": sorted(days.items()),
        "on_duty": on_duty,
        "can_manage": manage,
        "form": form or (DutyShiftForm() if manage else None),
        "rota_days": ROTA_DAYS,
    }
    return render(request, "network/duty.html", context, status=status)


@role_required(Role.LAWYER, Role.COORDINATOR)
@require_GET
def duty(request: AuthedRequest) -> HttpResponse:
    return _render_rota(request)


@role_required(Role.COORDINATOR)
@require_POST
def duty_add(request: AuthedRequest) -> HttpResponse:
    form = DutyShiftForm(request.POST)
    if form.is_valid():
        try:
            services.duty_shift_add(
                actor=request.user,
                lawyer=form.cleaned_data["lawyer"],
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The shift is added to the rota."))
            return redirect("network:duty")
    return _render_rota(request, form, status=400)


@role_required(Role.COORDINATOR)
@require_POST
def duty_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    services.duty_shift_remove(actor=request.user, shift=get_object_or_404(DutyShift, pk=pk))
    messages.success(request, _("The shift is removed from the rota."))
    return redirect("network:duty")


# --- Organisations (coordinators).


@role_required(Role.COORDINATOR)
@require_GET
def organisation_list(request: AuthedRequest) -> HttpResponse:
    rows = Organisation.objects.annotate(lawyer_count=Count("lawyers")).order_by("name")
    return render(request, "network/organisation_list.html", {"organisations": rows})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation or Organisation())
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(
                actor=request.user,
                organisation=Organisation.objects.get(pk=pk) if pk else None,
                data={name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields},
            )
        except services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("network:organisation-list")
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )
