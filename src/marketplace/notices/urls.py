from django.urls import path

from marketplace.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.message_center, name="message_center"),
    path("<uuid:public_id>/pdf/", views.download, name="download"),
]
