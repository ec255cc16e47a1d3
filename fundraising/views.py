"""Project-level views."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers; also the baseline view in the webhook benchmark."""
    return HttpResponse("ok", content_type="text/plain")


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers and crawlers ask for whatever the page links."""
    return HttpResponseRedirect(static("img/favicon.ico"))
