from django.urls import path

from qorgau.accounts import staff_views
from qorgau.core import staff_views as core_staff_views

app_name = "staff"

urlpatterns = [
    path("users/", staff_views.user_list, name="users"),
    path("users/invite/", staff_views.user_invite, name="user-invite"),
    path("users/<int:pk>/", staff_views.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/", staff_views.user_roles, name="user-roles"),
    path(
        "users/<int:pk>/second-factor/reset/",
        staff_views.user_reset_second_factor,
        name="user-otp-reset",
    ),
    path("users/<int:pk>/active/", staff_views.user_active, name="user-active"),
    path("audit/", core_staff_views.audit_list, name="audit"),
    path("audit/export.csv", core_staff_views.audit_export, name="audit-export"),
    path("calendar/", core_staff_views.calendar_list, name="calendar"),
    path("calendar/<int:pk>/delete/", core_staff_views.calendar_delete, name="calendar-delete"),
]
