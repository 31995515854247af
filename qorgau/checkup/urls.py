from django.urls import path

from qorgau.checkup import views

app_name = "checkup"

urlpatterns = [
    path("", views.check_page, name="check"),
    path("report.pdf", views.report_pdf_download, name="report-pdf"),
    path("redacted.txt", views.redacted_download, name="redacted"),
    path("save", views.save, name="save"),
    path("saved/", views.saved_list, name="saved"),
    path("saved/<int:pk>/", views.saved_detail, name="saved-detail"),
    path("saved/<int:pk>/delete", views.saved_delete, name="saved-delete"),
]
