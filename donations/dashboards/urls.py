from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import export_views, prepared_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.fundraising_dashboard, name="fundraising"),
    path(_("our-organisation/"), views.my_organisation_dashboard, name="mine"),
    path(_("organisations/<slug:slug>/"), views.organisation_dashboard, name="organisation"),
    path(_("exports/<slug:kind>.<slug:file_format>"), export_views.fund_export, name="export"),
    path(
        _("organisations/<slug:slug>/exports/<slug:kind>.<slug:file_format>"),
        export_views.organisation_export,
        name="organisation-export",
    ),
    path(_("my-exports/"), prepared_views.prepared_exports, name="exports"),
    path(
        _("my-exports/<int:pk>/download/"),
        prepared_views.download_prepared_export,
        name="export-download",
    ),
    path(_("my-exports/<int:pk>/again/"), prepared_views.ask_again, name="export-again"),
]
