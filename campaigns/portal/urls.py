from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import review_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("new/<slug:organisation>/"), views.campaign_new, name="campaign-new"),
    path(_("campaigns/<slug:slug>/"), views.campaign_page, name="campaign"),
    path(_("campaigns/<slug:slug>/edit/"), views.campaign_edit, name="campaign-edit"),
    path(_("campaigns/<slug:slug>/preview/"), views.campaign_preview, name="campaign-preview"),
    path(_("campaigns/<slug:slug>/submit/"), views.campaign_submit, name="campaign-submit"),
    path(_("campaigns/<slug:slug>/close/"), views.campaign_close, name="campaign-close"),
    path(_("colleagues/<slug:organisation>/"), views.colleagues, name="colleagues"),
    path(
        _("colleagues/<slug:organisation>/remove/<int:user_id>/"),
        views.colleague_remove,
        name="colleague-remove",
    ),
    path(_("invitation/<str:token>/"), views.accept_invitation, name="accept-invitation"),
    path(_("review/"), review_views.queue, name="review-queue"),
    path(_("review/<slug:slug>/"), review_views.review, name="review"),
]
