"""Monitors' pages, included under staff/ in the "monitoring" namespace."""

from django.urls import path

from qorgau.monitoring import staff_import, staff_topics, staff_views, staff_vocabulary

urlpatterns = [
    path("", staff_views.queue, name="staff-queue"),
    path("incidents/new/", staff_views.incident_new, name="staff-incident-new"),
    path("incidents/<int:pk>/", staff_views.incident_detail, name="staff-incident"),
    path("incidents/<int:pk>/edit/", staff_views.incident_edit, name="staff-incident-edit"),
    path(
        "incidents/<int:pk>/<slug:action>/",
        staff_views.incident_action,
        name="staff-incident-action",
    ),
    path("merge/", staff_views.merge, name="staff-merge"),
    path("import/", staff_import.import_page, name="staff-import"),
    path("import/confirm/", staff_import.import_confirm, name="staff-import-confirm"),
    path("import/template.csv", staff_import.import_template, name="staff-import-template"),
    path("vocabulary/", staff_vocabulary.vocabulary_list, name="staff-vocabulary"),
    path(
        "vocabulary/<slug:kind>/new/",
        staff_vocabulary.vocabulary_edit,
        name="staff-vocabulary-new",
    ),
    path(
        "vocabulary/<slug:kind>/<slug:code>/",
        staff_vocabulary.vocabulary_edit,
        name="staff-vocabulary-edit",
    ),
    path("topics/", staff_topics.topic_list, name="staff-topics"),
    path("topics/<slug:kind>/new/", staff_topics.topic_edit, name="staff-topic-new"),
    path("topics/<slug:kind>/<slug:slug>/", staff_topics.topic_edit, name="staff-topic-edit"),
]
