"""State changes to accounts."""

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
