from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("kampanjer/", views.campaign_list, name="campaign-list"),
    path("kampanjer/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("program/", views.programme_list, name="programme-list"),
    path("program/<slug:slug>/", views.programme_detail, name="programme"),
    path("solidaritetsfonden/", views.fund, name="fund"),
]
