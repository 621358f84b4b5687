from django.urls import path

from marketplace.applications import paper_views, tax_data_views, views

app_name = "applications"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("other-ways/", paper_views.other_ways, name="other_ways"),
    path("paper/<slug:language>/", paper_views.paper_pdf, name="paper_pdf"),
    path("<uuid:public_id>/household/", views.household, name="household"),
    path("<uuid:public_id>/household/add/", views.member, name="member_add"),
    path("<uuid:public_id>/household/<uuid:member_id>/", views.member, name="member"),
    path(
        "<uuid:public_id>/household/<uuid:member_id>/remove/",
        views.remove_member,
        name="member_remove",
    ),
    path("<uuid:public_id>/tax/", views.tax, name="tax"),
    path("<uuid:public_id>/address/", views.address, name="address"),
    path("<uuid:public_id>/people/", views.people, name="people"),
    path("<uuid:public_id>/people/<uuid:member_id>/", views.details, name="details"),
    path("<uuid:public_id>/income/", views.income, name="income"),
    path("<uuid:public_id>/coverage/", views.seeking, name="seeking"),
    path("<uuid:public_id>/review/", views.review, name="review"),
    path("<uuid:public_id>/sign/", views.sign, name="sign"),
    path("<uuid:public_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:public_id>/tax-data/", tax_data_views.tax_data, name="tax_data"),
    path(
        "<uuid:public_id>/determinations/<uuid:determination_id>/",
        views.result,
        name="result",
    ),
]
