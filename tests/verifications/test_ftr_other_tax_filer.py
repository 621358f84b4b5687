"""The redetermination at a verification deadline (45 CFR 155.315(f)(5)) of a household whose
tax filer is not the account holder and did not file and reconcile (155.305(f)(4);
docs/adr/0108, 0109). The Garcias (Boston, 2026): the IRS reports $90,000 for Maria (SSN
ending 2222), so her income is asked for; Sofia files her own return and the IRS (SSNs
ending 4443) reports APTC paid for her for 2024 with no Form 8962: the warning before a
denial, so the household keeps its APTC and its income is checked.

The deadline's new determination carries Sofia's failure from the facts it starts from; her
notice is queued in its transaction through the same function as at submission, and only
when she was not told the same already (the once-only key: application, coverage year,
tax filer, years, denial or warning).
"""

from __future__ import annotations

import pytest

from marketplace.applications import effects
from marketplace.applications.models import Member
from marketplace.notices.models import Notice
from tests.conftest import without_ids
from tests.verifications.expiry_support import (  # noqa: F401 - fixtures
    _clock,
    demo_catalog,
    garcias,
    items_of,
    latest,
    run_deadline,
    submitted,
)

pytestmark = pytest.mark.django_db


def _sofia_files_her_own_return(application):
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.ssn, sofia.tax_role = "123454443", "filer"
    sofia.save()


def _letters():
    return list(Notice.objects.filter(kind="ftr_tax_filer").order_by("id"))


def test_the_deadline_tells_the_tax_filer_once_what_submission_told_her_already():
    maria, application, first = submitted(
        garcias(maria="123452222"), before_submit=_sofia_files_her_own_return
    )
    (told,) = _letters()
    assert told.context["determination_public_id"] == str(first.public_id)
    (item,) = items_of(application)

    run_deadline(item)

    new = latest(application)
    assert new.cause == "verification_expired" and new.input_snapshot["income"] == 90000
    assert new.input_snapshot["ftr_filer"]["account_holder"] is False
    assert _letters() == [told]  # the same years, the same way: nothing more
    assert Notice.objects.filter(user=maria, kind="eligibility_change").count() == 1


def test_the_deadline_writes_to_the_tax_filer_when_she_was_not_told(monkeypatch):
    # Submission's own notice to Sofia left out, as for a determination that queued none:
    # what follows is the deadline's doing.
    monkeypatch.setattr(effects.ftr_notice, "issue_for", lambda *args, **kwargs: None)
    maria, application, _first = submitted(
        garcias(maria="123452222"), before_submit=_sofia_files_her_own_return
    )
    monkeypatch.undo()
    assert _letters() == []
    (item,) = items_of(application)

    run_deadline(item)

    new = latest(application)
    (letter,) = _letters()
    assert letter.user is None and letter.household == maria and letter.paper is True
    assert letter.context["name"] == "Sofia Garcia"
    assert letter.context["determination_public_id"] == str(new.public_id)
    assert letter.context["ftr"] == {
        "years": [2024],
        "denied": False,
        "count": 2,
        "year": 2026,
        "filer": [str(Member.objects.get(application=application, first_name="Sofia").public_id)],
    }
    assert letter.related_type == "FtrTaxFiler" and letter.related_id == f"{application.pk}:2026"
    changed = Notice.objects.get(user=maria, kind="eligibility_change")
    assert "2024" not in without_ids(str(changed.context))  # Maria's notice names no years

    run_deadline(item)  # the job again: nothing more
    assert len(_letters()) == 1
