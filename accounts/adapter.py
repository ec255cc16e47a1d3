"""How django-allauth creates our users."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a person signed up in (the page's language, set by
    LocaleMiddleware from the URL), so later emails reach them in that language."""

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user.language = translation.get_language()
        return super().save_user(request, user, form, commit=commit)
