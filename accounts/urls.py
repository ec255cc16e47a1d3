from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path(_("continue/"), views.continue_after_enrolment, name="continue-after-enrolment"),
]

# Served before allauth's own URLs (see fundraising/urls.py), under the same path and name.
login_code_urlpatterns = [
    path("login/code/", views.request_login_code, name="account_request_login_code"),
]
