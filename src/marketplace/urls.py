from django.urls import include, path

from marketplace.core import views as core_views
from marketplace.operations import views as operations_views
from marketplace.shopping import home as shopping_home

urlpatterns = [
    path("", shopping_home.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("metrics", operations_views.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("casework/", include("marketplace.casework.urls")),
    # Addresses staff pages had before they moved under casework/ (ADR 1000): sent on.
    path("", include("marketplace.casework.moved_urls")),
    path("api/v1/", include("marketplace.api.urls")),
    path("shop/", include("marketplace.shopping.urls")),
    path("account/", include("marketplace.accounts.urls")),
    path("apply/", include("marketplace.applications.urls")),
    path("notices/", include("marketplace.notices.urls")),
    path("verifications/", include("marketplace.verifications.urls")),
    path("enroll/", include("marketplace.enrollment.urls")),
    path("renewal/", include("marketplace.renewals.urls")),
    path("readiness/", include("marketplace.readiness.urls")),
    path("reports/", include("marketplace.reports.urls")),
    path("find/", include("marketplace.providers_and_drugs.urls")),
    path("changes/", include("marketplace.changes.urls")),
    path("assist/", include("marketplace.assisters.urls")),
    path("appeals/", include("marketplace.appeals.urls")),
]

handler400 = "marketplace.core.views.bad_request"
handler403 = "marketplace.core.views.forbidden"
handler404 = "marketplace.core.views.not_found"
handler500 = "marketplace.core.views.server_error"
