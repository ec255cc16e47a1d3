import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from accounts.roles import Role, grant_role

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A person whose email address is verified, so allauth lets them log in.

    ``UserFactory(verified_email=False)`` builds one who has signed up but not yet
    followed the link in the verification email.
    """

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if create:
            EmailAddress.objects.update_or_create(
                user=self,
                email=self.email,
                defaults={"primary": True, "verified": extracted is not False},
            )


class EnrolledUserFactory(UserFactory):
    """Someone who has enrolled an authenticator app, as everyone who must use two
    factors has before they see any page.

    ``totp=False`` is someone who has not enrolled yet (their first login);
    ``totp=secret`` enrols with a known secret, to make codes.
    """

    @factory.post_generation
    def totp(self, create: bool, extracted: str | bool | None, **kwargs) -> None:
        if create and extracted is not False:
            TOTP.activate(self, extracted or generate_totp_secret())


class StaffFactory(EnrolledUserFactory):
    """Centre staff with the admin (a superuser), enrolled in two factors."""

    is_staff = True
    is_superuser = True


def granting(role: Role) -> factory.PostGeneration:
    """A post-generation step that puts the user in a role (``role=...`` overrides)."""

    def grant(user: User, create: bool, extracted: Role | None, **kwargs) -> None:
        if create:
            grant_role(user, extracted or role)

    return factory.PostGeneration(grant)


class FundraisingStaffFactory(EnrolledUserFactory):
    """The fundraising team: reviews campaigns, sees dashboards (no admin)."""

    role = granting(Role.FUNDRAISING)


class FinanceStaffFactory(EnrolledUserFactory):
    """Finance staff: payouts, disputes, refunds and the books (no admin)."""

    role = granting(Role.FINANCE)
