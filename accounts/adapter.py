"""How django-allauth creates our users, where it sends them after signing in, and
when it asks for their password again."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import two_factor, work
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a person signed up in (the page's language, set by
    LocaleMiddleware from the URL), so later emails reach them in that language."""

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user.language = translation.get_language()
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff start on their first Work page, everyone else on the home page; both
        in the language the person signed in with (``/en/`` from an English login
        page), not always the Swedish one. A ``next`` address goes before either."""
        if two_factor.must_use_two_factor(request.user):
            return work.start_page(request.user) or reverse("campaigns:home")
        return reverse("campaigns:home")

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Enrolling in two factors right after the first login does not ask for the
        password the person has just typed (see ``is_enrolling_right_after_login``)."""
        if (
            app == "allauth.mfa"
            and self.request is not None
            and two_factor.is_enrolling_right_after_login(self.request)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails name the organisation and carry its details in the footer of
        our email layout (the subject is rendered without a request, so without our
        context processors)."""
        organisation = {
            "organisation": settings.ORGANISATION_NAME,
            "organisation_number": settings.ORGANISATION_NUMBER,
            "organisation_address": settings.ORGANISATION_ADDRESS,
        }
        super().send_mail(template_prefix, email, {**organisation, **context})

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """The HTML part shows the subject as its title and headline, so it is rendered
        first and given to the bodies. A reply reaches the organisation, as the emails
        invite."""
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        context = {**context, "subject": " ".join(subject.split())}
        message = super().render_mail(template_prefix, email, context, headers)
        message.reply_to = [settings.ORGANISATION_EMAIL]
        return message
