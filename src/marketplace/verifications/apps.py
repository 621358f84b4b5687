from django.apps import AppConfig


class VerificationsConfig(AppConfig):
    name = "marketplace.verifications"
    label = "verifications"
    verbose_name = "Verifications and Medicaid referrals"

    def ready(self) -> None:
        # The eligibility-change notice (a verification deadline passed): our words, builder
        # and template, registered with the notices app's kinds like the enrollment
        # confirmation (issue_notice takes any kind in BUILDERS).
        from marketplace.verifications import expiry_notice

        expiry_notice.register()
