from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "donor-area"

urlpatterns = [
    path("", views.overview, name="overview"),
    path(_("gifts/"), views.gifts, name="gifts"),
    path(_("gifts/<int:gift_id>/receipt/"), views.gift_receipt, name="gift-receipt"),
    path(_("statements/"), views.statements, name="statements"),
    path(_("statements/<int:year>/"), views.statement, name="statement"),
    path(_("statements/<int:year>/pdf/"), views.statement_pdf, name="statement-pdf"),
    path(_("consents/"), views.consents, name="consents"),
    path(_("consents/withdraw/<str:token>/"), views.withdraw_consents, name="withdraw-consents"),
]
