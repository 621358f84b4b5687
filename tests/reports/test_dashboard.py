"""The officials' dashboard: the funnel counted from the records, exactly, for seeded
households with known outcomes; selections equal the enrollments tables; filters; CSV."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest

from marketplace.core.channel import Channel
from marketplace.enrollment.models import Enrollment
from tests.reports.conftest import official

pytestmark = pytest.mark.django_db
RANGE = {"start": "2025-11-01", "end": "2025-12-01"}


def stage_counts(response) -> dict:
    return {stage.key: stage.count for stage in response.context["stages"]}


def tables(response) -> dict:
    return {table.key: dict(table.rows) for table, _chart in response.context["tables"]}


def test_an_official_reaches_the_dashboard_from_her_account_page(client, households):
    official(client)
    home = client.get("/account/")
    assert 'href="/reports/"' in home.content.decode()
    response = client.get("/reports/")
    assert response.status_code == 200
    assert stage_counts(response)["selections"] == 2


def test_the_funnel_counts_each_stage_exactly(client, households):
    official(client)
    client.get("/reports/", RANGE)  # her first page today: one visit
    response = client.get("/reports/", RANGE)  # the same browser again: no new visit
    counts = stage_counts(response)
    assert counts == {
        "visits": 1,
        "accounts": 3,
        "applications": 3,
        "determinations": 3,
        "selections": 2,
        "effectuated": 1,
    }
    by_day = {day["day"].isoformat(): day["counts"] for day in response.context["days"]}
    assert by_day["2025-12-01"] == [1, 3, 3, 3, 2, 1]
    assert by_day["2025-11-30"] == [0, 0, 0, 0, 0, 0]


def test_selections_equal_the_enrollments_tables_for_the_same_filter(client, households):
    official(client)
    for query in ({}, {"channel": "paper"}, {"language": "es"}, {"county": "25025"}):
        response = client.get("/reports/", {**RANGE, **query})
        selections = stage_counts(response)["selections"]
        expected = Enrollment.objects.filter(replaces__isnull=True)
        if query.get("channel"):
            expected = expected.filter(channel=query["channel"])
        if query.get("language"):
            expected = expected.filter(owner__preferred_language=query["language"])
        if query.get("county"):
            expected = expected.filter(countyfips=query["county"])
        assert selections == expected.count()
        for key, rows in tables(response).items():
            if key not in ("referrals", "renewals"):
                assert sum(rows.values()) == selections, (query, key, rows)


def test_breakdowns_of_the_known_households(client, households):
    official(client)
    response = client.get("/reports/", RANGE)
    found = tables(response)
    assert found["metal"]["Silver"] == 2
    assert found["channel"] == {
        str(Channel.ONLINE.label): 1,
        str(Channel.PAPER.label): 1,
        str(Channel.PHONE.label): 0,
        str(Channel.ASSISTER.label): 0,
        str(Channel.BROKER.label): 0,
    }
    assert found["language"] == {"English": 1, "Spanish": 1}
    # Subscribers: Maria is 40 and Sam is 30 on 1 January 2026.
    assert found["age"]["35 to 44"] == 1 and found["age"]["26 to 34"] == 1
    assert found["returning"] == {"New": 2, "Returning": 0}
    assert found["county"] == {"Suffolk": 2}
    fpl = households["garcia"].determination.result["fpl_percent"]
    assert fpl is not None and sum(found["fpl"].values()) == 2
    premiums = response.context["premiums"]
    policies = [households["garcia"], households["sam"]]
    average = sum(p.premium for p in policies) / 2
    assert premiums["before"] == Decimal(average).quantize(Decimal("0.01"))
    after = sum(p.premium_after_credit for p in policies) / 2
    assert premiums["after"] == Decimal(after).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert premiums["after"] < premiums["before"]


def test_medicaid_and_chip_referrals_and_income_bands_exactly(client, households):
    """The Garcia children are assessed eligible for CHIP (two referrals); the Garcias are
    at about 161% FPL and Sam at about 191%."""
    official(client)
    found = tables(client.get("/reports/", RANGE))
    assert found["referrals"] == {"Medicaid": 0, "CHIP": 2}
    assert found["fpl"]["Over 150% to 200% FPL"] == 2
    assert sum(found["fpl"].values()) == 2
    paper = tables(client.get("/reports/", {**RANGE, "channel": "paper"}))
    assert paper["referrals"] == {"Medicaid": 0, "CHIP": 0}
    csv_text = client.get("/reports/", {**RANGE, "format": "csv"}).content.decode()
    assert "referrals,CHIP,count,2" in csv_text


def test_filters_narrow_every_stage(client, households):
    official(client)
    paper = stage_counts(client.get("/reports/", {**RANGE, "channel": "paper"}))
    assert paper == {
        "visits": None,
        "accounts": None,
        "applications": 1,
        "determinations": 1,
        "selections": 1,
        "effectuated": 1,
    }
    phone = stage_counts(client.get("/reports/", {**RANGE, "channel": "phone"}))
    assert phone["applications"] == 1 and phone["selections"] == 0
    hampshire = stage_counts(client.get("/reports/", {**RANGE, "county": "25015"}))
    assert hampshire["applications"] == 1 and hampshire["selections"] == 0
    spanish = stage_counts(client.get("/reports/", {**RANGE, "language": "es"}))
    assert spanish["accounts"] == 1 and spanish["applications"] == 1
    gold = stage_counts(client.get("/reports/", {**RANGE, "metal": "gold"}))
    assert gold["selections"] == 0 and gold["applications"] is None
    outside = stage_counts(client.get("/reports/", {"start": "2025-10-01", "end": "2025-10-31"}))
    assert outside["applications"] == 0 and outside["selections"] == 0


def test_a_bad_filter_is_named_and_kept(client, households):
    official(client)
    response = client.get("/reports/", {"start": "2025-12-05", "end": "2025-12-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The end date must be on or after the start date." in page
    assert 'value="2025-12-05"' in page
    response = client.get("/reports/", {"start": "first of May"})
    assert response.status_code == 400 and "From" in response.content.decode()


def test_the_csv_export_holds_the_same_figures(client, households):
    official(client)
    response = client.get("/reports/", {**RANGE, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["table", "row", "column", "value"]
    cells = {(t, r, c): v for t, r, c, v in rows[1:]}
    assert cells[("funnel", "selections", "count")] == "2"
    assert cells[("funnel", "effectuated", "count")] == "1"
    assert cells[("by_day", "2025-12-01", "applications")] == "3"
    assert cells[("channel", str(Channel.PAPER.label), "count")] == "1"
    assert "maria" not in response.content.decode().lower()
    page = client.get("/reports/", RANGE).content.decode()
    assert "format=csv" in page


def renewed(policy: Enrollment, outcome: str) -> None:
    """The annual renewal's decision for `policy` (2026 to 2027), made today."""
    from marketplace.core import clock
    from marketplace.renewals.models import Renewal

    Renewal.objects.create(
        application=policy.application,
        previous=policy,
        from_year=2026,
        to_year=2027,
        outcome=outcome,
        created_at=clock.now(),
    )


def test_renewals_and_their_outcomes(client, households):
    official(client)
    empty = tables(client.get("/reports/", RANGE))["renewals"]
    assert set(empty.values()) == {0} and "Renewed in the same plan" in empty
    renewed(households["garcia"], "same_plan")
    renewed(households["sam"], "needs_action")
    found = tables(client.get("/reports/", RANGE))["renewals"]
    assert found["Renewed in the same plan"] == 1 and found["Must choose a plan"] == 1
    assert sum(found.values()) == 2
    paper = tables(client.get("/reports/", {**RANGE, "channel": "paper"}))["renewals"]
    assert paper["Must choose a plan"] == 1 and sum(paper.values()) == 1
    before = tables(client.get("/reports/", {"start": "2025-10-01", "end": "2025-10-31"}))
    assert sum(before["renewals"].values()) == 0
    csv_text = client.get("/reports/", {**RANGE, "format": "csv"}).content.decode()
    assert "renewals,Renewed in the same plan,count,1" in csv_text


def test_more_renewal_figures_plug_in_through_the_registry(client, households):
    from marketplace.reports import registry

    def more(filters):
        return [("Renewed by a broker", 7)]

    official(client)
    registry.renewal_outcomes(more)
    try:
        found = tables(client.get("/reports/", RANGE))
    finally:
        registry.unregister(more)
    assert found["renewals"]["Renewed by a broker"] == 7


@pytest.mark.parametrize("role", ["consumer", "caseworker", "assister"])
def test_people_without_the_reports_permission_get_404(client, households, role):
    official(client, email=f"{role}@example.org", role=role)
    assert client.get("/reports/").status_code == 404
    assert client.get("/reports/open-enrollment/").status_code == 404


def test_spanish(client, households):
    person = official(client)
    client.post("/i18n/setlang/", {"language": "es", "next": "/reports/"})
    response = client.get("/reports/", RANGE)
    assert response.status_code == 200 and person.role == "official"
    page = response.content.decode()
    assert 'lang="es"' in page and "Embudo de inscripción" in page
