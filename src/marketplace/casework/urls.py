from django.urls import path

from marketplace.casework.views import (
    edi_exceptions,
    enrollments,
    helpers,
    home,
    households,
    identity,
    overrides,
    paper,
    plan_choice,
    queues,
    renewal_calls,
    verifications,
    work_exceptions,
)

app_name = "casework"

urlpatterns = [
    path("", home.home, name="home"),
    path("households/", households.find, name="find"),
    path("households/<int:owner_id>/", households.household_page, name="household"),
    path(
        "households/<int:owner_id>/returned-mail/",
        households.mail_returned,
        name="mail_returned",
    ),
    path(
        "households/<int:owner_id>/address-confirmed/",
        households.address_confirmed,
        name="address_confirmed",
    ),
    path(
        "households/<int:owner_id>/overrides/new/",
        overrides.new_override,
        name="new_override",
    ),
    path("households/<int:owner_id>/plan/", plan_choice.choose, name="plan_choice"),
    path("overrides/<uuid:public_id>/", overrides.override_page, name="override"),
    path(
        "overrides/<uuid:public_id>/decision/",
        overrides.decide_override,
        name="override_decision",
    ),
    path("applications/new/", paper.enter, name="paper"),
    path("queues/", queues.backlog, name="backlog"),
    path("queues/<slug:key>/", queues.queue_page, name="queue"),
    path(
        "queues/<slug:key>/calling-list/",
        queues.queue_calling_list,
        name="queue_calling_list",
    ),
    path(
        "renewals/<uuid:public_id>/call/",
        renewal_calls.renewal_call,
        name="renewal_call",
    ),
    path("identity/", identity.identity_queue, name="identity_queue"),
    path("identity/<uuid:public_id>/", identity.identity_document, name="identity_document"),
    path("identity/<uuid:public_id>/file/", identity.identity_file, name="identity_file"),
    path("verifications/", verifications.verification_queue, name="verification_queue"),
    path(
        "verifications/<uuid:public_id>/",
        verifications.verification_item,
        name="verification_item",
    ),
    path(
        "applications/<uuid:application_id>/enrollments/",
        enrollments.application_enrollments,
        name="enrollments",
    ),
    path("834-exceptions/", edi_exceptions.edi_exceptions, name="edi_exceptions"),
    path("834-exceptions/<int:pk>/", edi_exceptions.edi_exception, name="edi_exception"),
    path("work-exceptions/", work_exceptions.work_exceptions, name="work_exceptions"),
    path("helpers/", helpers.helpers, name="helpers"),
]
