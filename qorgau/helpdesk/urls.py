from django.urls import URLPattern, path

from qorgau.helpdesk import views_public, views_request

app_name = "helpdesk"

# --- Public intake (views_public) and the coordinator's page of a request (views_request).
urlpatterns: list[URLPattern] = [
    path("", views_public.request_form, name="request"),
    path("received/", views_public.received, name="received"),
    path("status/", views_public.status, name="status"),
    path("status/message/", views_public.status_message, name="status-message"),
    path("status/leave/", views_public.status_leave, name="status-leave"),
    path("exit/", views_public.quick_exit, name="exit"),
    path("requests/<int:pk>/", views_request.request_detail, name="request-detail"),
    path("requests/<int:pk>/reply/", views_request.request_reply, name="request-reply"),
    path("requests/<int:pk>/grant/", views_request.request_grant, name="request-grant"),
    path(
        "requests/<int:pk>/files/<int:file_pk>/<slug:variant>/",
        views_request.request_file,
        name="request-file",
    ),
]

# --- Triage, cases, matching and offers, disclosures, referrals (views_queue, views_triage,
# views_cases, views_record, views_offers, views_disclosure, views_referrals).
from qorgau.helpdesk import (  # noqa: E402
    views_cases,
    views_disclosure,
    views_offers,
    views_queue,
    views_record,
    views_referrals,
    views_triage,
)

urlpatterns += [
    path("queue/", views_queue.queue, name="queue"),
    path("statistics/", views_queue.statistics, name="statistics"),
    path("requests/<int:pk>/triage/", views_triage.triage_request, name="triage"),
    path(
        "requests/<int:pk>/conflicts/",
        views_triage.request_conflict_check,
        name="request-conflict-check",
    ),
    path(
        "requests/<int:pk>/case/",
        views_triage.case_open_from_request,
        name="case-open-from-request",
    ),
    path("cases/", views_cases.case_list, name="cases"),
    path("cases/new/", views_cases.case_create, name="case-create"),
    path("cases/<int:pk>/", views_cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/match/", views_offers.case_match, name="case-match"),
    path("cases/<int:pk>/messages/", views_cases.case_message, name="case-message"),
    path("cases/<int:pk>/do/<slug:action>/", views_cases.case_act, name="case-act"),
    path(
        "cases/<int:pk>/documents/<int:version>/",
        views_record.document_download,
        name="case-document",
    ),
    path("cases/<int:pk>/refer/", views_referrals.case_refer, name="case-refer"),
    path(
        "cases/<int:pk>/refer/<int:referral>/withdraw/",
        views_referrals.referral_revoke,
        name="referral-revoke",
    ),
    path("shared/", views_referrals.shared, name="shared"),
    path("offers/", views_offers.offer_list, name="offers"),
    path("disclosures/", views_disclosure.disclosure_list, name="disclosures"),
    path("offers/<int:pk>/", views_offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/withdraw/", views_offers.offer_withdraw, name="offer-withdraw"),
]
