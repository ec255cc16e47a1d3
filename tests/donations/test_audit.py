"""Staff changes to donors and money are logged; a GET changes nothing (finding 9)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from donations.models import CheckoutIntent
from tests.factories.accounts import StaffFactory
from tests.factories.donations import CheckoutIntentFactory, DonorFactory

pytestmark = pytest.mark.django_db


def test_a_donor_corrected_in_the_admin_is_logged_with_old_and_new_values(client):
    donor = DonorFactory(name="Ana Berg", language="sv")
    staff = StaffFactory()
    client.force_login(staff)

    response = client.post(
        reverse("admin:donations_donor_change", args=[donor.pk]),
        {"email": donor.email, "name": "Anna Berg", "language": "sv", "user": ""},
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(donor.pk))
    assert entry.user == staff
    assert entry.change_message == "name: 'Ana Berg' → 'Anna Berg'"
    log_page = client.get(reverse("admin:admin_logentry_changelist"))
    assert "Anna Berg" in log_page.content.decode()


def test_donors_cannot_be_deleted_in_the_admin(client):
    donor = DonorFactory()
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:donations_donor_delete", args=[donor.pk]), {"post": "yes"}
    )
    assert response.status_code == 403


def test_the_audit_log_cannot_be_edited(client):
    client.force_login(StaffFactory())
    assert client.get(reverse("admin:admin_logentry_add")).status_code == 403


def test_a_get_on_the_cancel_page_does_not_expire_the_session(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    intent = CheckoutIntentFactory()
    expired = []
    monkeypatch.setattr(
        "donations.tasks.expire_checkout_session.delay", lambda pk: expired.append(pk)
    )
    url = reverse("donations:cancelled", kwargs={"intent_id": intent.pk})

    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 302
    assert expired == []
    assert CheckoutIntent.objects.get().status == CheckoutIntent.Status.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert expired == [str(intent.pk)]


def test_the_admin_keeps_one_donor_per_address_in_any_case(client):
    DonorFactory(email="clara@example.org")
    other = DonorFactory(email="ben@example.org")
    client.force_login(StaffFactory())
    url = reverse("admin:donations_donor_change", args=[other.pk])
    data = {"name": other.name, "language": "sv", "user": ""}

    refused = client.post(url, {**data, "email": "CLARA@example.org"})
    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["email"]

    assert client.post(url, {**data, "email": "Ben.Berg@Example.org"}).status_code == 302
    other.refresh_from_db()
    assert other.email == "ben.berg@example.org"
