from django.urls import path

from qorgau.checkup import views

app_name = "checkup"

urlpatterns = [path("", views.check_page, name="check")]
