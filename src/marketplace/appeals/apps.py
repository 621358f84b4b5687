from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "marketplace.appeals"
    label = "appeals"
    verbose_name = "Appeals"

    def ready(self) -> None:
        # The appeal notices: our template and builder, registered with the notices app.
        from marketplace.appeals import notice

        notice.register()
        # Casework's "appeals" queue and the household page's section (casework's hooks).
        from marketplace.appeals import in_casework

        in_casework.register()
