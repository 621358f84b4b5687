"""The exchange's annual report of the Form 1095-A figures to the IRS, as one XML file.

26 U.S.C. 36B(f)(3) and 26 CFR 1.36B-5(c) make the exchange report, for every policy, the
same figures as the statement. State exchanges send it as the IRS "Form 1095-A State Exchange
Upstream Transmission" (ACA Information Returns, AIR; namespace
urn:us:gov:treasury:irs:msg:form1095atransmissionupstreammessage). The XML schema package
itself (IRS-Form1095ATransmissionUpstreamMessage.xsd) was not reachable from here; the
element names and their order below are the ones a state exchange's open-source generator
writes for it (one Form1095AUpstreamDetail per policy: RecordSequenceNum, TaxYr,
CorrectedInd / CorrectedRecordSequenceNum, VoidInd / VoidedRecordSequenceNum, MarketplaceId,
Policy, Recipient, RecipientSpouse, CoverageHouseholdGrp, RecipientPolicyInformation with
one <Mon>PremiumInformation per month and AnnualPolicyTotalAmounts). The file is NOT
validated against the XSD; docs/adr/0702-form-1095a.md says what is known to differ (no SSNs:
BirthDt is sent for every person; the envelope and manifest of the IRS transmission are the
transmitter's and are not written).

The file is written to a temporary name and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape

NS = {
    "batchreq": "urn:us:gov:treasury:irs:msg:form1095atransmissionupstreammessage",
    "air": "urn:us:gov:treasury:irs:ext:aca:air:ty20a",
    "irs": "urn:us:gov:treasury:irs:common",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _el(name: str, value) -> str:
    return f"<{name}>{escape(str(value))}</{name}>" if value not in (None, "") else ""


def _person(person: dict) -> str:
    name = _el("PersonFirstNm", person["first_name"][:20]) + _el(
        "PersonLastNm", person["last_name"][:20]
    )
    return f"<air:OtherCompletePersonName>{name}</air:OtherCompletePersonName>" + _el(
        "air:BirthDt", person["birth_date"]
    )


def _months(figures: dict) -> str:
    parts = []
    for month in figures["months"]:  # amounts are digits and a point: nothing to escape
        tag = f"air:{MONTHS[month['month'] - 1]}PremiumInformation"
        parts.append(
            f"<{tag}><air:MonthlyPremiumAmt>{month['premium']}</air:MonthlyPremiumAmt>"
            f"<air:MonthlyPremiumSLCSPAmt>{month['slcsp']}</air:MonthlyPremiumSLCSPAmt>"
            f"<air:MonthlyAdvancedPTCAmt>{month['aptc']}</air:MonthlyAdvancedPTCAmt></{tag}>"
        )
    t = figures["totals"]
    parts.append(
        "<air:AnnualPolicyTotalAmounts>"
        + _el("air:AnnualPremiumAmt", t["premium"])
        + _el("air:AnnualPremiumSLCSPAmt", t["slcsp"])
        + _el("air:AnnualAdvancedPTCAmt", t["aptc"])
        + "</air:AnnualPolicyTotalAmounts>"
    )
    return "<air:RecipientPolicyInformation>" + "".join(parts) + "</air:RecipientPolicyInformation>"


def record(line: int, number: int, kind: str, original: int | None, figures: dict) -> str:
    """One policy's Form1095AUpstreamDetail. `original`: the record number a corrected or
    void record replaces."""
    address = figures["recipient"]["address"]
    covered = "".join(
        "<air:CoveredIndividual><air:InsuredPerson>"
        + _person(p)
        + "</air:InsuredPerson>"
        + _el("irs:CoverageStartDt", p["start"])
        + _el("irs:CoverageEndDt", p["end"])
        + "</air:CoveredIndividual>"
        for p in figures["covered"]
    )
    spouse = figures.get("spouse")
    return "".join(
        [
            f'<air:Form1095AUpstreamDetail recordType="" lineNum="{line}">',
            _el("air:RecordSequenceNum", number),
            _el("air:TaxYr", figures["year"]),
            _el("air:CorrectedInd", 1 if kind == "corrected" else 0),
            _el("air:CorrectedRecordSequenceNum", original if kind == "corrected" else None),
            _el("air:VoidInd", 1 if kind == "void" else 0),
            _el("air:VoidedRecordSequenceNum", original if kind == "void" else None),
            _el("air:MarketplaceId", figures["marketplace_id"]),
            "<air:Policy>",
            _el("MarketPlacePolicyNum", figures["policy_id"]),
            _el("PolicyIssuerNm", figures["issuer"]),
            _el("PolicyStartDt", figures["policy_start"]),
            _el("PolicyTerminationDt", figures.get("policy_end")),
            "</air:Policy>",
            "<air:Recipient>",
            _person(figures["recipient"]),
            "<air:USAddressGrp>",
            _el("AddressLine1Txt", address["street"]),
            _el("irs:CityNm", address["city"]),
            _el("USStateCd", address["state"]),
            _el("irs:USZIPCd", address["zipcode"]),
            "</air:USAddressGrp></air:Recipient>",
            f"<air:RecipientSpouse>{_person(spouse)}</air:RecipientSpouse>" if spouse else "",
            f"<air:CoverageHouseholdGrp>{covered}</air:CoverageHouseholdGrp>" if covered else "",
            _months(figures),
            "</air:Form1095AUpstreamDetail>\n",
        ]
    )


def _header() -> str:
    namespaces = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<batchreq:Form1095ATransmissionUpstream '
        f"{namespaces}>\n"
    )


FOOTER = "</batchreq:Form1095ATransmissionUpstream>\n"


def write_body(out: TextIO, records: Iterable[tuple[int, str, int | None, dict]]) -> int:
    """Write (line, record number, kind, original record number, figures) records, one line
    each; returns how many. `line` (lineNum) is the policy's position among the year's
    policies: unique and in order, also when parallel workers write parts of the file."""
    count = 0
    for line, number, kind, original, figures in records:
        count += 1
        out.write(record(line, number, kind, original, figures))
    return count


def write(
    path: Path | str, records: Iterable[tuple], parts: list[Path] = (), keep_parts: bool = False
) -> int:
    """Write the file: the `records` (line, record number, kind, original record number,
    figures), then the bodies already written to `parts` (by parallel workers), in order;
    returns how many records came from `records`. Written to a hidden name and renamed; the
    parts are then deleted unless `keep_parts`."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")  # a crash leaves only this behind
    with partial.open("w", encoding="utf-8") as out:
        out.write(_header())
        count = write_body(out, records)
        for part in parts:
            with part.open(encoding="utf-8") as body:
                shutil.copyfileobj(body, out, 1 << 20)
        out.write(FOOTER)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    for part in () if keep_parts else parts:
        part.unlink()
    return count
