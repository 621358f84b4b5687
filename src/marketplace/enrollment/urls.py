from django.urls import path

from marketplace.enrollment import views

app_name = "enrollment"

urlpatterns = [
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<uuid:public_id>/", views.detail, name="detail"),
    path("coverage/<uuid:public_id>/end/", views.end, name="end"),
    path("coverage/<uuid:public_id>/aptc/", views.change_aptc, name="change_aptc"),
    path("<uuid:determination_id>/", views.plans, name="plans"),
    path("<uuid:determination_id>/plans/<str:plan_id>/", views.plan, name="plan"),
    path("<uuid:determination_id>/plans/<str:plan_id>/checkout/", views.checkout, name="checkout"),
]
