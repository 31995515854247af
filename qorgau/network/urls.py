from django.urls import path

from qorgau.network import views

app_name = "network"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("organisations/", views.organisations, name="organisations"),
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_done, name="apply-done"),
    path("code-of-conduct/", views.conduct, name="conduct"),
    path("code-of-conduct/accept/", views.conduct_accept, name="conduct-accept"),
    path("me/", views.me, name="me"),
    path("lawyers/", views.lawyers, name="lawyers"),
    path("lawyers/<int:pk>/", views.lawyer_detail, name="lawyer"),
    path("lawyers/<int:pk>/edit/", views.lawyer_edit, name="lawyer-edit"),
    path("lawyers/<int:pk>/absences/", views.absence_add, name="absence-add"),
    path(
        "lawyers/<int:pk>/absences/<int:absence>/delete/",
        views.absence_delete,
        name="absence-delete",
    ),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/endorse/", views.application_endorse, name="application-endorse"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
    path("duty/", views.duty, name="duty"),
    path("duty/add/", views.duty_add, name="duty-add"),
    path("duty/<int:pk>/delete/", views.duty_delete, name="duty-delete"),
    path("organisations/manage/", views.organisation_list, name="organisation-list"),
    path("organisations/manage/new/", views.organisation_edit, name="organisation-create"),
    path("organisations/manage/<int:pk>/", views.organisation_edit, name="organisation-edit"),
]
