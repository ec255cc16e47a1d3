from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("kampanjer/<slug:slug>/ge/", views.give, name="give"),
    path("solidaritetsfonden/ge/", views.give, name="give-fund"),
    path("tack/<uuid:intent_id>/", views.thanks, name="thanks"),
    path("avbruten/<uuid:intent_id>/", views.cancelled, name="cancelled"),
    path("manadsgava/kort/<str:token>/", views.update_card, name="update-card"),
]
