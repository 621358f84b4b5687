"""Side effects of a submission, queued in the submission's transaction (transactional outbox).

The integration contract is in docs/adr/0600-application.md: `notices.actions.issue_notice`,
and the verifier the verifications app registers (`applications/verifier.py`: start, items).
"""

from __future__ import annotations

from marketplace.applications import ftr_notice
from marketplace.applications.models import Application
from marketplace.applications.verifier import verifier
from marketplace.notices import actions as notices
from marketplace.notices.models import Notice


def notice_context(application: Application, determination, members=None) -> dict:
    """What the eligibility notice shows: the stored determination it tells, named by its
    public id (immutable: the notice reads its result when it is laid out, ADR 0813), and
    the household's names and address (no SSN, no document numbers). `members`: the
    application's, when at hand."""
    members = application.members.all() if members is None else members
    return {
        "determination_public_id": str(determination.public_id),
        "date": determination.created_at.date().isoformat(),
        "application": {
            "public_id": str(application.public_id),
            "coverage_year": application.coverage_year,
            "members": [
                {
                    "name": m.name,
                    "relationship": m.relationship,
                    "seeking_coverage": m.seeking_coverage,
                }
                for m in members
            ],
            "address": {
                "street": application.street,
                "city": application.city,
                "state": application.state,
                "zipcode": application.zipcode,
            },
            "contact": {"email": application.contact_email, "phone": application.phone},
        },
    }


def issue_eligibility_notice(application: Application, determination, *, actor=None, members=None):
    """45 CFR 155.310(g): written notice of the eligibility determination. `members`: the
    application's, when the caller has just read them."""
    user = application.owner
    notice = notices.issue_notice(
        user=user,
        kind="eligibility",
        context=notice_context(application, determination, members),
        language=getattr(user, "preferred_language", "en") or "en",
        actor=actor,
        related_object=determination,
    )
    # The tax filer's own notice of a failure to file and reconcile, by mail (ADR 0108).
    ftr_notice.issue_for(application, determination, actor=actor)
    return notice


def start_verifications(application: Application, determination, *, actor=None):
    """45 CFR 155.315: verify the attested facts through the data services."""
    return verifier().start(application, determination, actor=actor)


def verification_items(application: Application) -> list:
    return list(verifier().items_for(application))


def notices_for(user) -> list:
    """The person's notices, newest first (the message center has them all)."""
    return list(Notice.objects.filter(user=user).order_by("-created_at")[:20])
