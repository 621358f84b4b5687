"""What identity proofing may fill in from the application: the applicant's own name and
date of birth (accounts/identity.py asks for them before the application is signed; the
person already typed them on the household page). Never the Social Security number."""

from __future__ import annotations

from marketplace.applications.models import Application, Relationship


def applicant_facts(user) -> dict:
    """The name and birth date of the person who applies ("Myself") on the user's newest
    application; an empty dict when there is none."""
    application = Application.objects.filter(owner=user).order_by("-created_at", "-pk").first()
    if application is None:
        return {}
    member = application.members.filter(relationship=Relationship.SELF).first()
    if member is None:
        return {}
    return {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_of_birth": member.date_of_birth,
    }
