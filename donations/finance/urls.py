from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "finance"

urlpatterns = [
    path(_("payouts/"), views.payouts, name="payouts"),
    path(_("payouts/<int:pk>/"), views.payout_detail, name="payout"),
    path(_("disputes/"), views.disputes, name="disputes"),
    path(_("unmatched/"), views.unmatched, name="unmatched"),
    path(_("refunds/"), views.refunds, name="refunds"),
    path(_("month/"), views.this_month, name="this-month"),
    path(_("month/<int:year>/<int:month>/"), views.month_view, name="month"),
    path(_("month/<int:year>/<int:month>/sie/"), views.month_sie, name="month-sie"),
    path(_("gifts/"), views.gifts, name="gifts"),
    path(_("gifts/<int:pk>/"), views.gift_detail, name="gift"),
    path(_("gifts/<int:pk>/refund/"), views.refund_gift, name="refund"),
    path(_("gifts/<int:pk>/receipt/"), views.gift_receipt, name="receipt"),
]
