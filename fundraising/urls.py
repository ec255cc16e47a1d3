"""URL configuration: Swedish pages at /, English under /en/; the webhook and
the admin live outside the language prefixes."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from donations.views import stripe_webhook
from fundraising.views import healthz

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("healthz/", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("konto/", include("allauth.urls")),
    path("konto/", include("accounts.urls")),
    path(_("organisation/"), include("campaigns.portal.urls")),
    path("", include("donations.urls")),
    path("", include("campaigns.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
