"""URL configuration: Swedish pages at /, English under /en/; the webhook and
the admin live outside the language prefixes."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.urls import login_code_urlpatterns
from donations.views import stripe_webhook
from fundraising.media import serve_media
from fundraising.views import favicon, healthz

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path(_("account/"), include(login_code_urlpatterns)),
    path(_("account/"), include("allauth.urls")),
    path(_("account/"), include("accounts.urls")),
    path(_("finance/"), include("donations.finance.urls")),
    path(_("dashboard/"), include("donations.dashboards.urls")),
    path(_("my-gifts/"), include("donations.donor_area.urls")),
    path(_("organisation/"), include("campaigns.portal.urls")),
    path("", include("donations.urls")),
    path("", include("campaigns.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns.insert(
        0, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")
    )
