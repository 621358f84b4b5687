from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "marketplace.appeals"
    label = "appeals"
    verbose_name = "Appeals"

    def ready(self) -> None:
        # The appeal notices: our template and builder, registered with the notices app.
        from marketplace.appeals import notice

        notice.register()
