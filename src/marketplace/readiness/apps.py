from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    """Plan-year readiness: the law in force for a coverage year (rules-status) and the
    officials' checklist before open enrollment."""

    name = "marketplace.readiness"
    label = "readiness"
    verbose_name = "Plan-year readiness"
