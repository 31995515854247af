from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from qorgau.api import api
from qorgau.core import views as core_views

handler400 = "qorgau.core.views.bad_request"
handler403 = "qorgau.core.views.permission_denied"
handler404 = "qorgau.core.views.page_not_found"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(".well-known/security.txt", core_views.security_txt, name="security-txt"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("qorgau.core.urls")),
    path("accounts/", include("qorgau.accounts.urls")),
    path("staff/", include("qorgau.accounts.staff_urls")),
    path("library/", include("qorgau.library.urls")),
    path("checkup/", include("qorgau.checkup.urls")),
    path("monitoring/", include("qorgau.monitoring.urls")),
    path("network/", include("qorgau.network.urls")),
    path("help/", include("qorgau.helpdesk.urls")),
    prefix_default_language=True,
)
