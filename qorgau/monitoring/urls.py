from django.urls import include, path

from qorgau.monitoring import feeds, report_views, views

app_name = "monitoring"

urlpatterns = [
    path("report/", report_views.report, name="report"),
    path("report/thanks/", report_views.report_thanks, name="report-thanks"),
    path("staff/", include("qorgau.monitoring.staff_urls")),
    path("", views.incident_list, name="incidents"),
    path("<int:pk>/", views.incident_detail, name="incident"),
    path("stats/", views.stats, name="stats"),
    path("feed/", feeds.IncidentRss(), name="feed"),
    path("feed/atom/", feeds.IncidentAtom(), name="feed-atom"),
    path("staff/report/", views.staff_report, name="staff-report"),
]
