from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CaseworkConfig(AppConfig):
    name = "marketplace.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # The household search keys follow the people and applications they come from.
        from marketplace.applications.models import Application, Member
        from marketplace.casework import search_index

        uid = "casework.search_index"
        post_save.connect(search_index.member_saved, sender=Member, dispatch_uid=uid)
        post_save.connect(search_index.application_saved, sender=Application, dispatch_uid=uid)
        post_delete.connect(search_index.member_deleted, sender=Member, dispatch_uid=uid)
        post_delete.connect(search_index.application_deleted, sender=Application, dispatch_uid=uid)

        # Paper notices wait while a person's mail has come back (casework/returned_mail.py).
        from marketplace.casework import returned_mail
        from marketplace.notices import holds

        holds.register(returned_mail.hold)

        # Reported changes: the changes app is below casework, so casework fills its own
        # hooks with them (casework/reported_changes.py); appeals register theirs.
        from marketplace.casework import coverage_ends, renewal_calls, renewals, reported_changes

        reported_changes.register()
        # Renewals that left a household to choose a plan, and each household's renewals
        # (casework/renewals.py): the renewals app is below casework too. Households renewed
        # without the help they had, and those whose coverage a renewal ends, to call
        # (casework/renewal_calls.py, casework/coverage_ends.py).
        renewals.register()
        renewal_calls.register(renewal_calls.HELP_LOST)
        renewal_calls.register(coverage_ends.COVERAGE_ENDS)
        # The people referred to the state Medicaid/CHIP agency and what it decided
        # (casework/medicaid_referrals.py, docs/adr/0713).
        from marketplace.casework import medicaid_referrals

        medicaid_referrals.register()
