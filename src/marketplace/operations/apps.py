from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "marketplace.operations"
    label = "operations"
    verbose_name = "Operations (health, metrics, logs, waiting room)"

    def ready(self):
        from marketplace.core import transactions
        from marketplace.operations import metrics

        # Count the runs again and give-ups of action transactions (ADR 0816).
        transactions.retried.connect(
            metrics.count_conflict("retried"), dispatch_uid="conflicts-retried", weak=False
        )
        transactions.gave_up.connect(
            metrics.count_conflict("gave_up"), dispatch_uid="conflicts-gave-up", weak=False
        )
