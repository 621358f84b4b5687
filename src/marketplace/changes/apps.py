from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "marketplace.changes"
    label = "changes"
    verbose_name = "Reported changes and special enrollment periods"

    def ready(self) -> None:
        # Enrolling outside open enrollment: the enrollment app asks its hook for a special
        # enrollment period; this app answers from the periods people have (ADR 0703).
        from marketplace.changes import periods

        periods.register()
