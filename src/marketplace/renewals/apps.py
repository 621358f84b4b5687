from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "marketplace.renewals"
    label = "renewals"
    verbose_name = "Renewals"

    def ready(self) -> None:
        # The renewal notice: our template and builder, registered with the notices app.
        from marketplace.renewals import notice, reporting

        notice.register()
        # Renewals and their outcomes on the officials' dashboard (reports/registry.py).
        reporting.register()
