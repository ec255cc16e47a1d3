from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import my_data_views, plan_views, tax_views, views

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
    path(_("monthly/"), plan_views.plans_page, name="plans"),
    path(_("monthly/<int:plan_pk>/amount/"), plan_views.change_amount, name="plan-amount"),
    path(_("monthly/<int:plan_pk>/pause/"), plan_views.pause, name="plan-pause"),
    path(_("monthly/<int:plan_pk>/resume/"), plan_views.resume, name="plan-resume"),
    path(_("monthly/<int:plan_pk>/cancel/"), plan_views.cancel, name="plan-cancel"),
    path(_("monthly/<int:plan_pk>/keep/"), plan_views.keep, name="plan-keep"),
    path(_("monthly/<int:plan_pk>/card/"), plan_views.update_card, name="plan-card"),
    path(_("tax-reduction/"), tax_views.tax_reduction, name="tax-reduction"),
    path(_("my-data/"), my_data_views.my_data_page, name="my-data"),
    path(_("my-data/download/"), my_data_views.download, name="my-data-download"),
    path(_("my-data/erase/"), my_data_views.erase, name="my-data-erase"),
]
