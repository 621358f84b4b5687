"""The hooks that keep edi and applications below the apps they serve (ADR 1801): the higher
app fills them at start-up, and an unfilled hook says which app is missing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from marketplace.applications import verifier
from marketplace.edi import enrollments
from marketplace.enrollment import actions as enrollment_actions
from marketplace.enrollment import edi_hooks
from marketplace.verifications import actions as verification_actions


def test_enrollment_and_verifications_fill_the_hooks_at_start_up():
    assert enrollments.hooks() is edi_hooks.HOOKS
    assert enrollments.hooks().effectuate is enrollment_actions.effectuate
    assert verifier.verifier().start is verification_actions.start_verifications
    assert verifier.verifier().items_for is verification_actions.items_for


def test_an_unfilled_hook_names_the_app_to_install(monkeypatch):
    monkeypatch.setattr(enrollments, "_HOOKS", [])
    monkeypatch.setattr(verifier, "_VERIFIER", [])
    with pytest.raises(ImproperlyConfigured, match=r"marketplace\.enrollment"):
        enrollments.hooks()
    with pytest.raises(ImproperlyConfigured, match=r"marketplace\.verifications"):
        verifier.verifier()


def test_the_issuer_status_of_every_state_edi_sends(db):
    # Every status an enrollment can have once its 834 went out has the issuer's word for it
    # (edi/reconcile.py compares it with the issuer's file).
    from marketplace.enrollment import states

    sent = {states.SELECTED, states.TRANSMITTED, states.EFFECTUATED, states.TERMINATED}
    assert sent | {states.CANCELLED} <= set(edi_hooks.ISSUER_STATUS)
