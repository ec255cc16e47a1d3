"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from fundraising.page_cache import query_without_tracking


def organisation(request: HttpRequest) -> dict[str, str]:
    """The organisation's name for headers, footers and page titles."""
    return {"ORGANISATION_NAME": settings.ORGANISATION_NAME}


def language_switch(request: HttpRequest) -> dict[str, str]:
    """The current page's address in the default language, for the language switcher.

    Django's ``set_language`` translates ``next`` into the chosen language, but it
    resolves ``next`` in the default language, so an ``/en/...`` path must first be
    turned back into its Swedish form. Tracking parameters are left out, as in the
    page cache's key."""
    query = query_without_tracking(request)
    address = f"{request.path}?{query}" if query else request.path
    return {"LANGUAGE_SWITCH_NEXT": translate_url(address, settings.LANGUAGE_CODE)}


def page_addresses(request: HttpRequest) -> dict[str, object]:
    """The page's canonical address (without its query string) and its address in each
    language (``hreflang`` links), for search engines. A page whose path has no
    translation (a 404, say) gets no language links."""
    alternates = [
        {"language": code, "url": request.build_absolute_uri(translate_url(request.path, code))}
        for code, _name in settings.LANGUAGES
    ]
    if len({alternate["url"] for alternate in alternates}) < len(alternates):
        alternates = []
    return {
        "CANONICAL_URL": request.build_absolute_uri(request.path),
        "ALTERNATE_PAGES": alternates,
    }
