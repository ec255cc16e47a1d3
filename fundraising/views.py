"""Project-level views."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers; also the baseline view in the webhook benchmark."""
    return HttpResponse("ok", content_type="text/plain")
