from django.urls import include, path

from qorgau.monitoring import report_views

app_name = "monitoring"

urlpatterns = [
    path("report/", report_views.report, name="report"),
    path("report/thanks/", report_views.report_thanks, name="report-thanks"),
    path("staff/", include("qorgau.monitoring.staff_urls")),
]
