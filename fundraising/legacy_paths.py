"""Old English addresses: before paths were translated, English pages lived under the
Swedish paths (``/en/kampanjer/<slug>/``). Such a link, shared or bookmarked, now
redirects permanently to the page's English path (``/en/campaigns/<slug>/``)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation

ENGLISH_PREFIX = "/en/"


class LegacyEnglishPathMiddleware:
    """Turns a 404 at ``/en/<Swedish path>`` into a 301 to the English path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = english_path_for(request.path_info)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def english_path_for(path: str) -> str | None:
    """``/en/kampanjer/x/`` → ``/en/campaigns/x/``; None when the rest is no Swedish page."""
    if not path.startswith(ENGLISH_PREFIX):
        return None
    swedish = path[len(ENGLISH_PREFIX) - 1 :]
    with translation.override("sv"):
        try:
            resolve(swedish)
        except Resolver404:
            return None
        english = translate_url(swedish, "en")
    return english if english not in (swedish, path) else None
