from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path(_("continue/"), views.continue_after_enrolment, name="continue-after-enrolment"),
]
