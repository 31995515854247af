from django.urls import path, re_path

from qorgau.library import views

app_name = "library"

ARTICLE = r"(?P<article>\d+(?:-\d+)*)"
ACT = r"(?P<act>[a-z][a-z0-9-]*)"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("cite/<str:key>/", views.cite, name="cite"),
    path("cite/<str:key>/commentary/", views.commentary_edit, name="commentary-edit"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_edit, name="decision-create"),
    path("decisions/<int:pk>/", views.decision_edit, name="decision-edit"),
    re_path(rf"^{ACT}/$", views.act_detail, name="act"),
    re_path(rf"^{ACT}/{ARTICLE}/$", views.article_detail, name="article"),
    re_path(rf"^{ACT}/{ARTICLE}/compare/$", views.article_compare, name="compare"),
]
