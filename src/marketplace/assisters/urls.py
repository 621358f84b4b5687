from django.urls import path

from marketplace.assisters import views

app_name = "assisters"

urlpatterns = [
    path("", views.clients, name="clients"),
    path("clients/<uuid:authorisation_id>/start/", views.start, name="start"),
    path("stop/", views.stop, name="stop"),
    path("helpers/", views.helpers, name="helpers"),
    path("helpers/<uuid:authorisation_id>/withdraw/", views.withdraw, name="withdraw"),
]
