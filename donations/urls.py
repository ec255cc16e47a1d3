from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "donations"

urlpatterns = [
    path(_("campaigns/<slug:slug>/give/"), views.give, name="give"),
    path(_("solidarity-fund/give/"), views.give, name="give-fund"),
    path(_("thanks/<uuid:intent_id>/"), views.thanks, name="thanks"),
    path(_("cancelled/<uuid:intent_id>/"), views.cancelled, name="cancelled"),
    path(_("monthly-gift/card/<str:token>/"), views.update_card, name="update-card"),
]
