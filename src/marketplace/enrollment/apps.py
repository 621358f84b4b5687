from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "marketplace.enrollment"
    label = "enrollment"
    verbose_name = "Enrollment"

    def ready(self) -> None:
        # The enrollment confirmation notice: our template and builder, registered with the
        # notices app's kinds (its issue_notice takes any kind in BUILDERS).
        from marketplace.edi import enrollments
        from marketplace.enrollment import edi_hooks, grace_notice, notice

        notice.register()
        grace_notice.register()  # the grace period's notices (non-payment)
        # What edi does to enrollments (edi/enrollments.py: edi sits below us).
        enrollments.register(edi_hooks.HOOKS)
