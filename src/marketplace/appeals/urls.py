from django.urls import path

from marketplace.appeals import staff_steps, staff_views, views

app_name = "appeals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("staff/", staff_views.queue, name="queue"),
    path("staff/new/", staff_views.new, name="staff_new"),
    path("staff/<uuid:public_id>/", staff_views.detail, name="staff_detail"),
    path("staff/<uuid:public_id>/hearing/", staff_views.hearing, name="hearing"),
    path("staff/<uuid:public_id>/decision/", staff_views.decision, name="decision"),
    path("staff/<uuid:public_id>/implement/", staff_views.implement, name="implement"),
    path("staff/<uuid:public_id>/expedite/", staff_steps.expedite, name="expedite"),
    path("staff/<uuid:public_id>/informal/", staff_steps.resolve, name="informal"),
    path("staff/<uuid:public_id>/hhs/", staff_steps.hhs, name="hhs"),
]
