from django.urls import path

from qorgau.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("security/", views.security_policy, name="security"),
]
