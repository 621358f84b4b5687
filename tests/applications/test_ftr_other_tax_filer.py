"""A failure to file and reconcile (45 CFR 155.305(f)(4)) of a tax filer who is not the
account holder (docs/adr/0108): Sofia, in Maria's household, files her own return, and the
IRS (its simulator: every year for SSNs ending 4444) reports that APTC was paid for her for
2023 and 2024 with no Form 8962. That is Sofia's federal tax information (IRC 6103): Maria's
result page, her eligibility notice and her attestation page say in general terms that a tax
filer in the household did not file and reconcile, with no tax years; Sofia gets her own
notice by mail (she has no account) naming the years and what to do, once. When Maria is the
tax filer, she reads the years as before and nobody else is written to."""

from __future__ import annotations

import pytest

from marketplace.applications import actions, ftr_notice
from marketplace.applications.models import Member
from marketplace.determinations import ftr
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs as notice_jobs
from marketplace.notices.models import Notice
from marketplace.notices.render import document_text, render_document
from tests.applications.conftest import signed_and_submitted
from tests.conftest import without_ids

pytestmark = pytest.mark.django_db

GENERAL_EN = "a tax filer in your household did not file a federal income tax return"
GENERAL_ES = "un declarante de impuestos de su hogar no presentó una declaración federal"
YEARS_EN = "(Form 8962) for 2023, 2024"


def _sofia_files_her_own_return(application, ssn="123454444"):
    Member.objects.filter(application=application, first_name="Sofia").update(tax_role="filer")
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.ssn = ssn
    sofia.save()


def _page(client, determination, language="en") -> str:
    client.cookies["marketplace_language"] = language
    application = determination.application
    url = f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    return client.get(url).content.decode()


def _text(notice, language) -> str:
    page = render_document(notice.kind, language, notice.context, str(notice.public_id))
    return " ".join(document_text(page).split())


def _resubmit(application, maria):
    application = actions.reopen_application(application, actor=maria)
    return signed_and_submitted(application, maria)


def test_the_household_is_told_in_general_terms_and_the_tax_filer_by_mail(
    filled, maria, maria_client
):
    _sofia_files_her_own_return(filled)
    determination = actions.submit_application(filled, maria, None)

    snapshot = determination.input_snapshot
    assert snapshot["ftr_tax_years"] == [2023, 2024]  # the rules input is unchanged
    sofia_index = [p["name"] for p in snapshot["people"]].index("Sofia Garcia")
    assert snapshot["ftr_filer"] == {"people": [sofia_index], "account_holder": False}
    assert determination.result["ptc_eligible"] is False  # one tax household: denied

    english = _page(maria_client, determination)
    assert GENERAL_EN in english and "We wrote to that tax filer directly" in english
    assert "2023" not in without_ids(english) and YEARS_EN not in english
    spanish = _page(maria_client, determination, "es")
    assert GENERAL_ES in spanish and "crédito fiscal para la prima" in spanish
    assert "2023" not in without_ids(spanish)

    eligibility = Notice.objects.get(user=maria, kind="eligibility")  # no explanation lines
    assert all("2023" not in without_ids(_text(eligibility, language)) for language in ("en", "es"))

    attest = maria_client.get("/changes/reconciled/").content.decode()
    assert (
        "data-other-filer" in attest
        and "data-years" not in attest
        and "2023" not in without_ids(attest)
    )

    letter = Notice.objects.get(kind="ftr_tax_filer")
    assert letter.user is None and letter.paper is True
    assert letter.household == maria  # the household's paper (returned mail), not her reading
    assert letter.context["name"] == "Sofia Garcia"
    assert letter.context["address"]["zipcode"] == "02108"
    assert letter.context["ftr"]["years"] == [2023, 2024] and letter.context["ftr"]["denied"]
    jobs = Job.objects.filter(payload__notice=str(letter.public_id)).values_list("kind", flat=True)
    assert sorted(jobs) == ["notices.mail", "notices.render"]  # mailed; no account to e-mail
    to_sofia = _text(letter, "en")
    assert "Dear Sofia Garcia," in to_sofia and "for you for 2023, 2024" in to_sofia
    assert "File a federal income tax return for 2023, 2024 with Form 8962" in to_sofia
    assert "I have filed my federal tax return and reconciled" in to_sofia
    en_espanol = _text(letter, "es")
    assert "Estimado/a Sofia Garcia:" in en_espanol and "en 2023, 2024" in en_espanol
    assert "crédito fiscal para la prima" in en_espanol and "Formulario 8962" in en_espanol

    assert "ftr_tax_filer" not in [n.kind for n in Notice.objects.filter(user=maria)]
    assert (
        "file and reconcile the premium tax credit"
        not in maria_client.get("/notices/").content.decode()
    )


def test_a_new_determination_with_the_same_report_writes_to_the_tax_filer_once(filled, maria):
    _sofia_files_her_own_return(filled)
    first = actions.submit_application(filled, maria, None)
    second = _resubmit(first.application, maria)

    assert second != first and second.input_snapshot["ftr_filer"]["account_holder"] is False
    assert Notice.objects.filter(kind="ftr_tax_filer").count() == 1
    assert Notice.objects.filter(user=maria, kind="eligibility").count() == 2


def test_a_warning_then_a_denial_are_two_letters(filled, maria):
    _sofia_files_her_own_return(filled, ssn="123454443")  # 2024 only: the warning
    first = actions.submit_application(filled, maria, None)
    assert first.result["ptc_eligible"] is True
    _sofia_files_her_own_return(filled)  # both years now: the denial
    _resubmit(first.application, maria)

    letters = Notice.objects.filter(kind="ftr_tax_filer").order_by("id")
    assert [n.context["ftr"]["denied"] for n in letters] == [False, True]
    warning = _text(letters[0], "en")
    assert "for you for 2024" in warning and "2 tax years in a row" in warning


def test_the_account_holder_as_tax_filer_reads_the_years_and_nobody_else_is_written_to(
    filled, maria, maria_client
):
    maria_member = Member.objects.get(application=filled, relationship="self")
    maria_member.ssn = "123454444"
    maria_member.save()
    determination = actions.submit_application(filled, maria, None)

    assert determination.input_snapshot["ftr_filer"]["account_holder"] is True
    page = _page(maria_client, determination)
    assert YEARS_EN in page and GENERAL_EN not in page
    assert not Notice.objects.filter(kind="ftr_tax_filer").exists()
    attest = maria_client.get("/changes/reconciled/").content.decode()
    assert 'data-years="2023,2024"' in attest


def test_the_mail_house_gets_the_letter_addressed_to_the_tax_filer(
    filled, maria, settings, tmp_path
):
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    _sofia_files_her_own_return(filled)
    actions.submit_application(filled, maria, None)

    assert notice_jobs.MAIL_JOB == "notices.mail"  # its handlers registered
    run_pending()

    letter = Notice.objects.get(kind="ftr_tax_filer")
    assert letter.status == "rendered" and letter.mailed_at is not None
    sheet = (settings.MAILHOUSE_DIR / f"{letter.public_id}.address.txt").read_text()
    assert "Sofia Garcia" in sheet and "02108" in sheet


def test_both_languages_have_every_phrase():
    assert set(ftr_notice.WORDS["en"]) == set(ftr_notice.WORDS["es"])
    assert all(set(words) == {"en", "es"} for words in ftr.GENERAL.values())
    assert all("crédito fiscal para la prima" in words["es"] for words in ftr.GENERAL.values())


def test_the_attestation_speaks_of_the_tax_filer_and_still_redetermines(
    filled, maria, maria_client
):
    """Maria attests for Sofia: every link and the page say "a tax filer in my household",
    never "I filed"; signing redetermines without the years, which she still never sees."""
    _sofia_files_her_own_return(filled)
    determination = actions.submit_application(filled, maria, None)

    result = _page(maria_client, determination)
    assert "A tax filer in my household has filed their federal tax return" in result
    assert "I have filed my federal tax return" not in result
    attest = maria_client.get("/changes/reconciled/").content.decode()
    assert "<h1>A tax filer in my household has filed and reconciled</h1>" in attest
    assert "The tax filer in my household that the IRS&#x27;s report is about" in attest
    assert "I filed a federal income tax return" not in attest
    maria_client.cookies["marketplace_language"] = "es"
    spanish = maria_client.get("/changes/reconciled/").content.decode()
    assert "Una persona que declara impuestos en mi hogar presentó la declaración" in spanish
    assert "crédito fiscal para la prima" in spanish and "2023" not in without_ids(spanish)
    maria_client.cookies["marketplace_language"] = "en"

    unchecked = maria_client.post("/changes/reconciled/", {"signature": "Maria Garcia"})
    assert unchecked.status_code == 400
    assert "Check the box to say the tax filer filed and reconciled." in unchecked.content.decode()
    signed = maria_client.post(
        "/changes/reconciled/", {"attested": "on", "signature": "Maria Garcia"}, follow=True
    )
    assert signed.status_code == 200 and "2023" not in without_ids(signed.content.decode())
    latest = filled.determinations.first()
    assert latest != determination and latest.result["ptc_eligible"] is True
