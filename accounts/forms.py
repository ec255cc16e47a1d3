"""Forms for the donor self-service pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.Form):
    """A person's name and preferred language."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=User._meta.get_field("first_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=User._meta.get_field("last_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of our emails and receipts to you."),
    )

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        return cls(
            data,
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "language": user.language,
            },
        )
