from django.apps import AppConfig


class VerificationsConfig(AppConfig):
    name = "marketplace.verifications"
    label = "verifications"
    verbose_name = "Verifications and Medicaid referrals"

    def ready(self) -> None:
        # The eligibility-change notice (a verification deadline passed): our words, builder
        # and template, registered with the notices app's kinds like the enrollment
        # confirmation (issue_notice takes any kind in BUILDERS).
        from marketplace.applications import verifier
        from marketplace.verifications import actions, expiry_notice

        expiry_notice.register()
        # A submitted application's verifications (applications/verifier.py: applications
        # sits below us and calls what we register).
        verifier.register(
            verifier.Verifier(
                start=actions.start_verifications,
                start_many=actions.start_verifications_for_new,
                items_for=actions.items_for,
            )
        )
