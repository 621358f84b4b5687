"""Writes 834 interchanges (ASC X12 005010X220A1) from ``EnrollmentTransaction`` objects.

Layout per transaction set (TR3 table 1/2, CMS FFE companion guide v7.2 §6-7, docs/puf-and-834.md
B.2):

    ST BGN [REF*38] DTP*007 QTY*TO [QTY*DT] N1*P5 N1*IN [N1*BO]
    per member: INS REF*0F REF*1L REF*17 [REF*23] [REF*ZZ] DTP*356 [DTP*357] [DTP*303]
                NM1*IL [PER] [N3 N4] DMG [HLH] [LUI]
                [HD DTP*348 [DTP*349] [DTP*543] REF*CE REF*1L [REF*X9]]      (2300)
                LS*2700 (LX N1*75 REF [DTP*007])... LE*2700                    (2700/2750)
    SE

The output is deterministic: the same transactions, config, control numbers and creation time
give the same bytes. Transactions are grouped into one ST/SE set per issuer (1000B payer) and
agent or broker (1000C, which names one per set) in the order they first appear, split at
``config.max_transactions_per_set``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from x12.codes import CATEGORY_QUALIFIER, Category, InsuranceLine, MaintenanceType
from x12.envelope import VERSION, ControlNumbers, WriterConfig
from x12.model import EnrollmentTransaction, Member
from x12.text import Cleaner, format_date, format_money, format_timestamp, has_letter


class X12WriteError(ValueError):
    """A transaction cannot be written (e.g. a required name is empty once cleaned).

    The message names the field and the problem, never the value (it may be a person's name
    or address): ``field`` is e.g. "last name", ``member`` the member's position in the
    transaction (1 = first listed) or None, ``problem`` one of PROBLEMS.
    """

    def __init__(self, field: str, problem: str, member: int | None = None, limit: int = 0):
        self.field, self.problem, self.member, self.limit = field, problem, member, limit
        where = f"member {member} {field}" if member else field
        super().__init__(f"{where} {PROBLEMS[problem].format(limit=limit)}")


#: What can make a text value unwritable, as said in X12WriteError's message.
PROBLEMS = {
    "empty": "is empty once written in the X12 character set",
    "no_letters": "has no letter once written in the X12 character set",
    "too_long": "is longer than {limit} characters once written in the X12 character set",
    "too_short": "is shorter than {limit} characters once written in the X12 character set",
}
#: TR3 maximum lengths of the free-text elements we write (NM103/104/105/107, N301/302, N401).
LIMITS = {
    "last name": 60,
    "first name": 35,
    "middle name": 25,
    "suffix": 10,
    "address line": 55,
    "second address line": 55,
    "city": 30,
    "email": 256,
}
MINIMUMS = {"city": 2}  # N401 is 2-30 characters
NAME_FIELDS = ("last name", "first name")


def unwritable(txn: EnrollmentTransaction, config: WriterConfig) -> list[X12WriteError]:
    """Every text problem that would stop `txn` being written (empty after clean-up, a name
    without a letter, longer than the element allows), without writing anything."""
    writer = _Writer(config)
    problems: list[X12WriteError] = []

    def check(value: str | None, field: str, member: int | None = None, upper=True, need=True):
        if value is None and not need:
            return
        try:
            writer.required(value or "", field, upper, member=member, optional=not need)
        except X12WriteError as exc:
            problems.append(exc)

    check(txn.subscriber_id, "subscriber id", upper=False)
    check(txn.policy_id, "policy id", upper=False)
    for position, m in enumerate(txn.members, start=1):
        check(m.member_id, "member id", position, upper=False)
        check(m.last_name, "last name", position)
        check(m.first_name, "first name", position)
        check(m.middle_name, "middle name", position, need=False)
        check(m.suffix, "suffix", position, need=False)
        check(m.email, "email", position, upper=False, need=m.email is not None)
        if m.address is not None:
            check(m.address.line1, "address line", position)
            check(m.address.line2, "second address line", position, need=False)
            check(m.address.city, "city", position)
    return problems


def write_834(
    transactions: Iterable[EnrollmentTransaction],
    config: WriterConfig,
    control: ControlNumbers,
    created: datetime,
) -> str:
    """Return one interchange (ISA..IEA, one GS..GE group) holding ``transactions``."""
    return _Writer(config).interchange(list(transactions), control, created)


def as_written(txn: EnrollmentTransaction, config: WriterConfig) -> EnrollmentTransaction:
    """The transaction as it reads back from the file: text cleaned and upper-cased the way
    the writer writes it (and only the first race code unless ``repeat_race_codes``)."""
    clean = Cleaner(config.delimiters.all)

    def opt(value: str | None, upper: bool = True) -> str | None:
        return None if value is None else (clean(value, upper) or None)

    members = [_member_as_written(m, clean, opt, config) for m in txn.members]
    hios = txn.issuer_hios_id
    if txn.issuer_tin and txn.plan_id is None:
        hios = None  # N1*IN carries the TIN and there is no REF*CE: the HIOS id is not written
    txn = _without_unwritten_loops(txn)
    return replace(
        txn,
        members=tuple(members),
        issuer_hios_id=hios,
        subscriber_id=clean(txn.subscriber_id, False),
        policy_id=clean(txn.policy_id, False),
        issuer_name=opt(txn.issuer_name),
        broker_name=opt(txn.broker_name),
        source_exchange_id=opt(txn.source_exchange_id, False),
        application_id_origin=opt(txn.application_id_origin, False),
        additional_maintenance_reason=opt(txn.additional_maintenance_reason, False),
        sep_reason=opt(txn.sep_reason, False),
        issuer_subscriber_id=opt(txn.issuer_subscriber_id, False),
        issuer_policy_id=opt(txn.issuer_policy_id, False),
        extra=tuple((clean(k), clean(v, False)) for k, v in txn.extra),
    )


def _member_as_written(m: Member, clean: Cleaner, opt, config: WriterConfig) -> Member:
    """A member's names, address and ids cleaned as written (loops 2000 and 2100A)."""
    address = m.address
    if address is not None:
        address = replace(
            address,
            line1=clean(address.line1),
            line2=opt(address.line2),
            city=clean(address.city),
        )
    return replace(
        m,
        last_name=clean(m.last_name),
        first_name=clean(m.first_name),
        middle_name=opt(m.middle_name),
        suffix=opt(m.suffix),
        address=address,
        email=opt(m.email, False),
        member_id=clean(m.member_id, False),
        issuer_member_id=opt(m.issuer_member_id, False),
        race_ethnicity=m.race_ethnicity if config.repeat_race_codes else m.race_ethnicity[:1],
    )


def _without_unwritten_loops(txn: EnrollmentTransaction) -> EnrollmentTransaction:
    """Without what the file does not carry: the group's money and rating area when there is
    no subscriber (they go on the subscriber only, CG Table 10), and the 2300 loop's fields
    when there is no plan."""
    if txn.subscriber is None:
        txn = replace(
            txn,
            premium_total=None,
            aptc_amount=None,
            csr_amount=None,
            state_subsidy_amount=None,
            total_responsible_amount=None,
            rating_area=None,
        )
    if txn.plan_id is None:  # no 2300 loop
        txn = replace(
            txn,
            issuer_policy_id=None,
            paid_through_date=None,
            insurance_line=InsuranceLine.HEALTH,
            coverage_level=None,
        )
    return txn


def group_into_sets(
    transactions: Sequence[EnrollmentTransaction], max_per_set: int
) -> list[list[EnrollmentTransaction]]:
    """One list per ST/SE set: per issuer, agent or broker (1000C) and action code, at most
    ``max_per_set`` each."""
    groups: dict[tuple, list[EnrollmentTransaction]] = {}
    for txn in transactions:
        audit = txn.maintenance_type is MaintenanceType.AUDIT_OR_COMPARE
        broker = (txn.broker_name or "", txn.broker_npn or "")
        key = (txn.issuer_hios_id or "", txn.issuer_name, txn.issuer_tin, broker, audit)
        groups.setdefault(key, []).append(txn)
    sets = []
    for group in groups.values():
        for start in range(0, len(group), max_per_set):
            sets.append(group[start : start + max_per_set])
    return sets


class _Writer:
    def __init__(self, config: WriterConfig) -> None:
        self.config = config
        d = config.delimiters
        self.sep = d.element
        self.rep = d.repetition
        self.comp = d.component
        self.term = d.segment + ("\n" if config.line_breaks else "")
        self.clean = Cleaner(d.all)
        self._cache_key: EnrollmentTransaction | None = None
        self._cache: _Shared

    # -- segments -------------------------------------------------------------------------
    def seg(self, *elements: str) -> str:
        parts = list(elements)
        while parts and parts[-1] == "":
            parts.pop()
        return self.sep.join(parts)

    def text(self, value: str | None, upper: bool = True) -> str:
        return "" if value is None else self.clean(value, upper)

    def required(
        self,
        value: str,
        what: str,
        upper: bool = True,
        member: int | None = None,
        optional: bool = False,
    ) -> str:
        cleaned = self.clean(value, upper)
        if not cleaned:
            if optional:
                return ""
            raise X12WriteError(what, "empty", member)
        if what in NAME_FIELDS and not has_letter(cleaned):
            raise X12WriteError(what, "no_letters", member)
        limit = LIMITS.get(what)
        if limit and len(cleaned) > limit:
            raise X12WriteError(what, "too_long", member, limit)
        if len(cleaned) < MINIMUMS.get(what, 1):
            raise X12WriteError(what, "too_short", member, MINIMUMS[what])
        return cleaned

    # -- envelope -------------------------------------------------------------------------
    def interchange(
        self, transactions: list[EnrollmentTransaction], control: ControlNumbers, created: datetime
    ) -> str:
        cfg = self.config
        isa13 = f"{control.interchange:09d}"
        sets = group_into_sets(transactions, cfg.max_transactions_per_set)
        out = [
            self.seg(
                "ISA",
                "00",
                " " * 10,
                "00",
                " " * 10,
                cfg.sender_qualifier,
                cfg.sender_id.ljust(15),
                cfg.receiver_qualifier,
                cfg.receiver_id.ljust(15),
                created.strftime("%y%m%d"),
                created.strftime("%H%M"),
                self.rep,
                "00501",
                isa13,
                "1" if cfg.ack_requested else "0",
                cfg.usage,
                self.comp,
            ),
            self.seg(
                "GS",
                "BE",
                cfg.gs_sender_id or cfg.sender_id,
                cfg.gs_receiver_id or cfg.receiver_id,
                created.strftime("%Y%m%d"),
                created.strftime("%H%M"),
                str(control.group),
                "X",
                VERSION,
            ),
        ]
        for index, txns in enumerate(sets):
            st02 = f"{control.first_set + index:04d}"
            out.extend(self.transaction_set(txns, st02, created))
        out.append(self.seg("GE", str(len(sets)), str(control.group)))
        out.append(self.seg("IEA", "1", isa13))
        return self.term.join(out) + self.term

    def transaction_set(
        self, txns: list[EnrollmentTransaction], st02: str, created: datetime
    ) -> list[str]:
        cfg = self.config
        first = txns[0]
        audit = first.maintenance_type is MaintenanceType.AUDIT_OR_COMPARE
        segs = [
            self.seg("ST", "834", st02, VERSION),
            self.seg(
                "BGN",
                "00",
                st02,
                created.strftime("%Y%m%d"),
                created.strftime("%H%M%S"),
                cfg.time_zone,
                "",
                "",
                "4" if audit else "2",
            ),
        ]
        if cfg.master_policy_number:
            segs.append(self.seg("REF", "38", self.text(cfg.master_policy_number, False)))
        segs.append(self.seg("DTP", "007", "D8", created.strftime("%Y%m%d")))
        total = sum(len(t.members) for t in txns)
        dependents = sum(1 for t in txns for m in t.members if not m.is_subscriber)
        segs.append(self.seg("QTY", "TO", str(total)))
        if dependents:
            segs.append(self.seg("QTY", "DT", str(dependents)))
        sponsor = cfg.sponsor
        segs.append(
            self.seg("N1", "P5", self.text(sponsor.name), sponsor.id_qualifier, sponsor.identifier)
        )
        if first.issuer_tin:
            payer_id = ("FI", first.issuer_tin)
        else:
            payer_id = ("XV", first.issuer_hios_id or "")
        segs.append(self.seg("N1", "IN", self.text(first.issuer_name), *payer_id))
        # 1000C: only when an agent or broker assisted (docs/puf-and-834.md B.2)
        if first.broker_npn:
            segs.append(self.seg("N1", "BO", self.text(first.broker_name), "94", first.broker_npn))
        for txn in txns:
            for position, member in enumerate(txn.members, start=1):
                self.member(segs, txn, member, position)
        segs.append(self.seg("SE", str(len(segs) + 1), st02))
        return segs

    # -- loop 2000 ------------------------------------------------------------------------
    def member(self, segs: list[str], txn: EnrollmentTransaction, m: Member, position: int) -> None:
        shared = self._shared(txn)
        e = self.sep
        if m.is_subscriber:
            segs.append(shared.ins_subscriber)
        else:
            segs.append(f"INS{e}N{e}{m.relationship.value}{shared.ins_tail}")
        segs.extend(shared.refs)
        segs.append(f"REF{e}17{e}{self.required(m.member_id, 'member id', False)}")
        if m.issuer_member_id:
            segs.append(f"REF{e}23{e}{self.text(m.issuer_member_id, False)}")
        segs.extend(shared.member_dates)
        self.member_name(segs, m, position)
        segs.extend(shared.coverage)
        self.categories(segs, shared, m)

    def _shared(self, txn: EnrollmentTransaction) -> _Shared:
        """Segments every member of a transaction repeats, built once per transaction."""
        if self._cache_key is txn:
            return self._cache
        seg, e = self.seg, self.sep
        mtc = txn.maintenance_type.value
        reason = txn.maintenance_reason.value if txn.maintenance_reason else ""
        status = "TE" if mtc == "024" else "AC"
        refs = [
            f"REF{e}0F{e}{self.required(txn.subscriber_id, 'subscriber id', False)}",
            f"REF{e}1L{e}{self.required(txn.policy_id, 'policy id', False)}",
        ]
        member_dates = self._member_dates(txn)
        coverage: list[str] = []
        if txn.plan_id is not None:
            self.coverage(coverage, txn)
        effective = format_date(txn.financial_effective_date or txn.coverage_start)
        dtp = f"DTP{e}007{e}D8{e}{effective}"

        first, subscriber_only, everyone = self._category_items(txn, dtp)
        self._cache_key = txn
        self._cache = _Shared(
            ins_subscriber=seg("INS", "Y", "18", mtc, reason, "A", "", "", status),
            ins_tail=f"{e}{mtc}{e}{reason}{e}A",
            refs=refs,
            member_dates=member_dates,
            coverage=coverage,
            first=first,
            subscriber_only=subscriber_only,
            everyone=everyone,
            dtp=dtp,
        )
        return self._cache

    def _member_dates(self, txn: EnrollmentTransaction) -> list[str]:
        """Loop 2000's issuer subscriber id (REF*ZZ) and dates: coverage begin (DTP*356), end
        (DTP*357) and maintenance effective (DTP*303)."""
        e = self.sep
        member_dates = []
        if txn.issuer_subscriber_id:
            member_dates.append(f"REF{e}ZZ{e}{self.text(txn.issuer_subscriber_id, False)}")
        member_dates.append(f"DTP{e}356{e}D8{e}{format_date(txn.coverage_start)}")
        if txn.coverage_end:
            member_dates.append(f"DTP{e}357{e}D8{e}{format_date(txn.coverage_end)}")
        if txn.maintenance_effective_date:
            member_dates.append(f"DTP{e}303{e}D8{e}{format_date(txn.maintenance_effective_date)}")
        return member_dates

    def _category_items(self, txn: EnrollmentTransaction, dtp: str) -> tuple[list, list, list]:
        """The 2750 reporting categories (N1*75, REF, DTP*007): the request time first, the
        amounts and rating area on the subscriber only, the rest on every member."""
        e = self.sep

        def item(name: str, value: str, dated: bool = True) -> tuple[str, ...]:
            qualifier = CATEGORY_QUALIFIER.get(name, "ZZ")
            head = (f"N1{e}75{e}{name}", f"REF{e}{qualifier}{e}{value}")
            return (*head, dtp) if dated else head

        first: list[tuple[str, ...]] = []
        if txn.request_submit_timestamp is not None:
            first.append(
                item(
                    Category.REQUEST_SUBMIT_TIMESTAMP,
                    format_timestamp(txn.request_submit_timestamp),
                    dated=False,
                )
            )
        subscriber_only = [
            item(name, format_money(amount))
            for name, amount in (
                (Category.PREMIUM_TOTAL, txn.premium_total),
                (Category.APTC, txn.aptc_amount),
                (Category.CSR, txn.csr_amount),
                (Category.STATE_SUBSIDY, txn.state_subsidy_amount),
                (Category.TOTAL_RESPONSIBLE, txn.total_responsible_amount),
            )
            if amount is not None
        ]
        if txn.rating_area:
            subscriber_only.append(item(Category.RATING_AREA, txn.rating_area))
        everyone = [
            item(name, self.text(value, False))
            for name, value in (
                (Category.SOURCE_EXCHANGE_ID, txn.source_exchange_id),
                (Category.APPLICATION_ID_AND_ORIGIN, txn.application_id_origin),
                (Category.ADDITIONAL_MAINTENANCE_REASON, txn.additional_maintenance_reason),
                (Category.SEP_REASON, txn.sep_reason),
            )
            if value
        ]
        everyone += [item(self.text(k), self.text(v, False)) for k, v in txn.extra]
        return first, subscriber_only, everyone

    def member_name(self, segs: list[str], m: Member, position: int) -> None:
        seg, need = self.seg, self.required
        ssn = ("34", m.ssn) if m.ssn else ("", "")
        segs.append(
            seg(
                "NM1",
                "IL",
                "1",
                need(m.last_name, "last name", member=position),
                need(m.first_name, "first name", member=position),
                need(m.middle_name or "", "middle name", member=position, optional=True),
                "",
                need(m.suffix or "", "suffix", member=position, optional=True),
                *ssn,
            )
        )
        contact = []
        if m.phone:
            contact += ["TE", m.phone]
        if m.email:
            contact += ["EM", need(m.email, "email", upper=False, member=position)]
        if contact:
            segs.append(seg("PER", "IP", "", *contact))
        if m.address is not None:
            a = m.address
            line2 = need(a.line2 or "", "second address line", member=position, optional=True)
            segs.append(seg("N3", need(a.line1, "address line", member=position), line2))
            county = ("CY", a.county_fips) if a.county_fips else ("", "")
            city = need(a.city, "city", member=position)
            segs.append(seg("N4", city, a.state, a.zip_code, "", *county))
        race = ""
        if m.race_ethnicity:
            codes = m.race_ethnicity if self.config.repeat_race_codes else m.race_ethnicity[:1]
            race = self.rep.join(f"{self.comp}RET{self.comp}{code}" for code in codes)
        segs.append(seg("DMG", "D8", format_date(m.birth_date), m.gender.value, "", race))
        if m.tobacco_use is not None:
            segs.append(seg("HLH", "T" if m.tobacco_use else "N"))
        if m.language:
            segs.append(seg("LUI", "LD", m.language.upper(), "", "7"))

    # -- loop 2300 ------------------------------------------------------------------------
    def coverage(self, segs: list[str], txn: EnrollmentTransaction) -> None:
        seg = self.seg
        level = txn.coverage_level.value if txn.coverage_level else ""
        segs.append(seg("HD", txn.maintenance_type.value, "", txn.insurance_line.value, "", level))
        segs.append(seg("DTP", "348", "D8", format_date(txn.coverage_start)))
        if txn.coverage_end:
            segs.append(seg("DTP", "349", "D8", format_date(txn.coverage_end)))
        if txn.paid_through_date:
            segs.append(seg("DTP", "543", "D8", format_date(txn.paid_through_date)))
        segs.append(seg("REF", "CE", txn.plan_id or ""))
        segs.append(seg("REF", "1L", self.text(txn.policy_id, False)))
        if txn.issuer_policy_id:
            segs.append(seg("REF", "X9", self.text(txn.issuer_policy_id, False)))

    # -- loops 2700/2750 ------------------------------------------------------------------
    def categories(self, segs: list[str], shared: _Shared, m: Member) -> None:
        """Order: REQUEST SUBMIT TIMESTAMP, PRE AMT 1, subscriber-only money, then the rest."""
        items = list(shared.first)
        e = self.sep
        if m.premium is not None:
            items.append(
                (
                    f"N1{e}75{e}{Category.PREMIUM_MEMBER}",
                    f"REF{e}9X{e}{format_money(m.premium)}",
                    shared.dtp,
                )
            )
        if m.is_subscriber:
            items += shared.subscriber_only
        items += shared.everyone
        if not items:
            return
        segs.append(f"LS{e}2700")
        for number, item in enumerate(items, start=1):
            segs.append(f"LX{e}{number}")
            segs.extend(item)
        segs.append(f"LE{e}2700")


@dataclass
class _Shared:
    ins_subscriber: str
    ins_tail: str
    refs: list[str]
    member_dates: list[str]
    coverage: list[str]
    first: list[tuple[str, ...]]
    subscriber_only: list[tuple[str, ...]]
    everyone: list[tuple[str, ...]]
    dtp: str
