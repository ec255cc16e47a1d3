"""Uploaded files (hero images) served by Django, for ``make run`` and tests only.

In production a web server or object storage serves ``MEDIA_ROOT`` (README, "Images");
``SERVE_MEDIA`` (on with DEBUG) decides whether these URLs exist at all. Only the image
renditions ``campaigns.images`` writes are served, as images: any other name is a 404,
and every response says ``nosniff`` and forbids running anything, so a file could never
be taken for a page or a script whatever it held.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.static import serve

IMAGE_TYPES = {".jpg": "image/jpeg", ".webp": "image/webp"}
# The names are digests of their content: a file at an address never changes.
A_YEAR = 365 * 24 * 60 * 60


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    content_type = IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        raise Http404("Not an image.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, public=True, max_age=A_YEAR, immutable=True)
    return response
