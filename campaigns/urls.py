from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("campaigns/"), views.campaign_list, name="campaign-list"),
    path(_("campaigns/<slug:slug>/"), views.campaign_detail, name="campaign"),
    path(_("programmes/"), views.programme_list, name="programme-list"),
    path(_("programmes/<slug:slug>/"), views.programme_detail, name="programme"),
    path(_("solidarity-fund/"), views.fund, name="fund"),
]
