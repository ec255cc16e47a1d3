"""A short-lived server-side cache of whole public pages, safe for the forms on them.

A crisis appeal sends thousands of anonymous visitors a minute to one page, and
rendering a campaign page costs ~40 ms of CPU (mostly the giving form and the donor
wall). ``@cached_page`` keeps the rendered HTML for ``PAGE_CACHE_SECONDS`` (5 s by
default) per language, host, path and query string, so under load a page is rendered
once per worker (locmem) or once for all of them (Redis) every few seconds, and every
other request costs little more than the middleware. Totals and the donor wall are
then at most that many seconds behind the ledger; nothing needs invalidating.

Each page holds CSRF tokens (the giving form, the language switcher). Before a page is
stored, every token of the rendering request is replaced by a placeholder; each hit
puts this request's own token back (``get_token``, which also makes the CSRF
middleware set the cookie, exactly as a fresh rendering would).

The cache is bypassed, and nothing stored, whenever a page may differ from what an
anonymous visitor sees: requests other than GET, a session with data in it (a signed-in
user, a staff preview, a prefilled giving form), pending flash messages, and responses
that are not a plain 200, set cookies, or say ``Cache-Control: private``, ``no-store`` or
``no-cache``.
"""

import functools
import hashlib
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import has_vary_header
from django.utils.translation import get_language

CSRF_PLACEHOLDER = b"__page-cache-csrf-token__"
# A masked CSRF token: 64 letters and digits, standing alone.
MASKED_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

# Query parameters that only say where a visitor came from (ad and newsletter click
# ids, UTM tags): no page reads them, so they are left out of the cache key and a link
# shared as ``?fbclid=...`` is served from the cache. Any other parameter still varies.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "yclid",
        "_ga",
        "_gl",
        "ref_src",
    }
)
TRACKING_PREFIXES = ("utm_",)

# Cache-Control directives that keep a response out of the page cache.
NOT_FOR_SHARED_CACHES = {"private", "no-store", "no-cache"}

View = Callable[..., HttpResponse]


def cached_page(view: View) -> View:
    """Serve the view's page from the page cache for anonymous visitors (see the module)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.PAGE_CACHE_SECONDS <= 0 or not is_anonymous_visit(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        if (stored := cache.get(key)) is not None:
            return page_for(request, *stored)
        response = view(request, *args, **kwargs)
        if is_storable(request, response):
            cache.set(
                key,
                (response["Content-Type"], without_csrf_tokens(request, response)),
                settings.PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper


def is_anonymous_visit(request: HttpRequest) -> bool:
    """A GET by someone whose page is the same as every other anonymous visitor's: no
    session data (so not signed in, no prefill kept for them) and no flash messages."""
    if request.method != "GET":
        return False
    # The session is loaded (one query) only for visitors who carry its cookie.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.keys():
        return False
    return len(messages.get_messages(request)) == 0


def page_key(request: HttpRequest) -> str:
    """Language, scheme, host, path and the query string with its parameters sorted
    and tracking parameters left out, hashed: a visitor's query string can be any
    length, a cache key may not."""
    query = query_without_tracking(request, sort=True)
    address = f"{get_language()}:{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def query_without_tracking(request: HttpRequest, *, sort: bool = False) -> str:
    """The query string without tracking parameters (so a page never echoes them: a
    page stored for one ``fbclid`` is served to visitors with another)."""
    parameters = [(name, values) for name, values in request.GET.lists() if not is_tracking(name)]
    return urlencode(sorted(parameters) if sort else parameters, doseq=True)


def is_tracking(parameter: str) -> bool:
    name = parameter.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 page, with nothing personal done to the request or the response."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not forbids_shared_caching(response)
        and not (session is not None and session.modified)
    )


def forbids_shared_caching(response: HttpResponse) -> bool:
    """Whether the view's Cache-Control keeps the page to this one visitor."""
    header = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip().lower() for part in header.split(",")}
    return bool(directives & NOT_FOR_SHARED_CACHES)


def without_csrf_tokens(request: HttpRequest, response: HttpResponse) -> bytes:
    """The page with each of the request's CSRF tokens replaced by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return response.content

    # Django's own (private) unmasking; the page-cache tests fail if it ever changes.
    def placeholder_if_ours(match: re.Match[bytes]) -> bytes:
        token = match.group().decode()
        return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group()

    return MASKED_TOKEN.sub(placeholder_if_ours, response.content)


def page_for(request: HttpRequest, content_type: str, content: bytes) -> HttpResponse:
    """A stored page, with this request's own CSRF token where the placeholders are."""
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, content_type=content_type)
