from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .donor_area import views as donor_views

app_name = "donations"

urlpatterns = [
    path("kampanjer/<slug:slug>/ge/", views.give, name="give"),
    path("solidaritetsfonden/ge/", views.give, name="give-fund"),
    path("tack/<uuid:intent_id>/", views.thanks, name="thanks"),
    path("avbruten/<uuid:intent_id>/", views.cancelled, name="cancelled"),
    path("manadsgava/kort/<str:token>/", views.update_card, name="update-card"),
    path(_("my-gifts/monthly/"), donor_views.my_plans, name="my-plans"),
    path(
        _("my-gifts/monthly/<int:plan_pk>/amount/"), donor_views.change_amount, name="plan-amount"
    ),
    path(_("my-gifts/monthly/<int:plan_pk>/pause/"), donor_views.pause, name="plan-pause"),
    path(_("my-gifts/monthly/<int:plan_pk>/resume/"), donor_views.resume, name="plan-resume"),
    path(_("my-gifts/monthly/<int:plan_pk>/cancel/"), donor_views.cancel, name="plan-cancel"),
    path(_("my-gifts/monthly/<int:plan_pk>/card/"), donor_views.update_card, name="plan-card"),
]
