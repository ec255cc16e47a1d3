"""How django-allauth creates our users and where it sends them after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a person signed up in (the page's language, set by
    LocaleMiddleware from the URL), so later emails reach them in that language."""

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user.language = translation.get_language()
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The home page in the language the person signed in with (``/en/`` from an
        English login page), not always the Swedish one."""
        return reverse("campaigns:home")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails name the organisation (its subject is rendered without a
        request, so without our context processors)."""
        super().send_mail(
            template_prefix, email, {"organisation": settings.ORGANISATION_NAME, **context}
        )
