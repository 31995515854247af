from django.urls import URLPattern

app_name = "network"

urlpatterns: list[URLPattern] = []
