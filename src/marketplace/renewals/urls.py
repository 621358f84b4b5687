from django.urls import path

from marketplace.renewals import views

app_name = "renewals"

urlpatterns = [path("", views.mine, name="mine")]
