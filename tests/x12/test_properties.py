"""Property: any coherent transactions write a file pyx12 (and our companion checks) accept,
and the file reads back to the same transactions (as the writer cleans them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.x12 import factories as f
from x12 import (
    Address,
    ControlNumbers,
    EnrollmentTransaction,
    Member,
    Relationship,
    as_written,
    read_834,
    write_834,
)
from x12.codes import MaintenanceReason, MaintenanceType
from x12.text import Cleaner, has_letter
from x12.validate import validate_834

_clean = Cleaner("*^:~")
names = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz '-.*~^:éñ", min_size=1, max_size=25
).filter(lambda s: has_letter(_clean(s)))
ids = st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True)
money = st.decimals(min_value=0, max_value=3000, places=2)
opt = st.none().__or__
dependent_relationships = st.sampled_from([r for r in Relationship if r is not Relationship.SELF])


@st.composite
def members(draw, subscriber: bool, start: date, member_id: str) -> Member:
    address = draw(
        opt(
            st.builds(
                Address,
                line1=names,
                city=names.filter(lambda s: len(_clean(s)) >= 2),
                state=st.sampled_from(["MA", "NH", "RI"]),
                zip_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
                line2=opt(names),
                county_fips=opt(st.from_regex(r"[0-9]{5}", fullmatch=True)),
            )
        )
    )
    return Member(
        member_id=member_id,
        is_subscriber=subscriber,
        relationship=Relationship.SELF if subscriber else draw(dependent_relationships),
        last_name=draw(names),
        first_name=draw(names),
        middle_name=draw(opt(names)),
        suffix=draw(opt(st.sampled_from(["JR", "SR", "III"]))),
        birth_date=draw(st.dates(min_value=date(1930, 1, 1), max_value=start)),
        gender=draw(st.sampled_from("MFU")),
        ssn=draw(opt(st.from_regex(r"[1-5][0-9]{8}", fullmatch=True))),
        address=address,
        phone=draw(opt(st.from_regex(r"[2-9][0-9]{9}", fullmatch=True))),
        email=draw(opt(st.from_regex(r"[a-z]{1,10}@[a-z]{1,10}\.org", fullmatch=True))),
        tobacco_use=draw(opt(st.booleans())),
        language=draw(opt(st.sampled_from(["ENG", "SPA", "POR", "CHI"]))),
        race_ethnicity=tuple(
            draw(st.lists(st.sampled_from(["2106-3", "2054-5", "2135-2"]), max_size=1))
        ),
        premium=draw(money),
        issuer_member_id=draw(opt(ids)),
    )


@st.composite
def transactions(draw, index: int) -> EnrollmentTransaction:
    mtc = draw(st.sampled_from(list(MaintenanceType)))
    reason = draw(opt(st.sampled_from(list(MaintenanceReason))))
    start = date(draw(st.integers(2014, 2030)), draw(st.integers(1, 12)), 1)
    with_subscriber = draw(st.booleans()) or mtc is MaintenanceType.ADDITION
    size = draw(st.integers(1, 4))
    people = []
    for position in range(size):
        subscriber = with_subscriber and position == 0
        people.append(draw(members(subscriber, start, f"M{index}X{position}")))
    end = None
    if mtc is MaintenanceType.CANCELLATION_OR_TERMINATION or draw(st.booleans()):
        end = start + timedelta(days=draw(st.integers(0, (date(start.year, 12, 31) - start).days)))
    total = sum((m.premium for m in people), start=Decimal("0.00"))
    aptc = draw(st.decimals(min_value=0, max_value=total, places=2))
    hios = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    has_plan = draw(st.booleans()) or mtc is MaintenanceType.ADDITION
    effectuation = (
        mtc is MaintenanceType.ADDITION and reason is MaintenanceReason.INITIAL_ENROLLMENT
    )
    return EnrollmentTransaction(
        maintenance_type=mtc,
        maintenance_reason=reason,
        subscriber_id=f"S{index}{draw(ids)}",
        policy_id=f"P{index}{draw(ids)}",
        issuer_hios_id=hios,
        plan_id=f"{hios}MA{draw(st.from_regex(r'[0-9]{9}', fullmatch=True))}" if has_plan else None,
        coverage_start=start,
        coverage_end=end,
        members=tuple(people),
        insurance_line=draw(st.sampled_from(["HLT", "DEN"])),
        premium_total=total,
        aptc_amount=aptc,
        csr_amount=draw(opt(money)),
        total_responsible_amount=total - aptc,
        rating_area=f"R-MA{draw(st.integers(1, 150)):03d}",
        source_exchange_id="MA0",
        request_submit_timestamp=draw(
            opt(st.datetimes(min_value=datetime(2013, 1, 1), max_value=datetime(2031, 1, 1)))
        ),
        application_id_origin=draw(
            opt(st.from_regex(r"[0-9]{9}-(1|2|3|4|5|6|11|12|18)", fullmatch=True))
        ),
        additional_maintenance_reason=draw(
            opt(
                st.sampled_from(
                    [
                        "CANCEL",
                        "TERM",
                        "FINANCIAL CHANGE",
                        "CSR VARIANT CHANGE",
                        "NO CHANGE",
                        "CONFIRM",
                        "CIC",
                    ]
                )
            )
        ),
        sep_reason=draw(opt(st.sampled_from(["02-BIRTH", "32-MARRIAGE", "FC-FINANCIAL CHANGE"]))),
        maintenance_effective_date=draw(opt(st.just(start))),
        paid_through_date=(start + timedelta(days=30)) if effectuation and has_plan else None,
        issuer_subscriber_id=draw(opt(ids)),
        issuer_policy_id=draw(opt(ids)),
        issuer_name=draw(opt(names)),
        issuer_tin=draw(opt(st.from_regex(r"[0-9]{9}", fullmatch=True))),
    )


@st.composite
def batches(draw) -> list[EnrollmentTransaction]:
    count = draw(st.integers(1, 4))
    return [draw(transactions(i)) for i in range(count)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    txns=batches(),
    interchange=st.integers(1, 999_999_999),
    per_set=st.integers(1, 3),
    line_breaks=st.booleans(),
)
def test_written_files_validate_and_read_back(txns, interchange, per_set, line_breaks):
    config = replace(f.CONFIG, max_transactions_per_set=per_set, line_breaks=line_breaks)
    text = write_834(txns, config, ControlNumbers(interchange, 7), f.CREATED)
    result = validate_834(text)
    assert result.ok, "\n".join(result.errors) + "\n" + text
    back = read_834(text)
    expected = [as_written(t, config) for t in txns]

    # sets group transactions per issuer, so compare per issuer in order
    def by_issuer(items):
        return sorted(
            items, key=lambda t: (t.issuer_hios_id or "", t.issuer_name or "", t.issuer_tin or "")
        )

    assert by_issuer(back.transactions) == by_issuer(expected)
    assert back.control_number == f"{interchange:09d}"
