"""State changes to accounts."""

from allauth.account.models import EmailAddress
from django.conf import settings

from .models import User


def update_profile(user: User, *, first_name: str, last_name: str, language: str) -> User:
    """Change a person's name and the language we write to them in."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language: {language!r}")
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.language = language
    user.save(update_fields=["first_name", "last_name", "language"])
    return user


def mark_email_verified(user: User) -> None:
    """Record the user's address as verified and primary, for accounts created by
    someone with access to the server (``createsuperuser``, demo data), so that
    allauth's mandatory verification does not lock them out."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def open_passwordless_account(email: str, *, language: str) -> User:
    """An account without a password for an address about to prove itself with a sign-in
    code (allauth marks the address verified when the code is entered). Repeating it, or
    two requests at once, gives the same account."""
    user, created = User.objects.get_or_create(
        email=email.strip().lower(), defaults={"language": language}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )
    return user


def account_a_code_may_open(user: User, email: str) -> User | None:
    """The account a sign-in code sent to ``email`` may open, given the one allauth found.

    A code proves the address, nothing more. An account that holds the address
    unverified was set up by someone who never proved it; letting the code open it
    would hand the owner of the address an account whose password someone else may
    know (account pre-hijacking). So: an account that has verified the address is
    opened; one that has proved another address instead is not (None); one that has
    proved none keeps no password it may have, and is opened."""
    addresses = EmailAddress.objects.filter(user=user)
    if addresses.filter(email__iexact=email, verified=True).exists():
        return user
    if addresses.filter(verified=True).exists():
        return None
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
