"""Reads an 834 (005010X220A1) into ``EnrollmentTransaction`` objects.

Reads our own outbound files and the issuers' inbound ones: effectuations (INS03 021, INS04 28,
AMRC ``CONFIRM``, ``DTP*543`` paid-through date, issuer ids ``REF*23``/``REF*ZZ``/``REF*X9``;
CMS FFE companion guide v7.2 §6.9, docs/puf-and-834.md B.6), cancellations and terminations (024,
often
without a 2300 loop, the policy id in 2000 ``REF*1L``) and maintenance.

Delimiters come from the ISA segment. Line breaks (CR/LF) around segment terminators are
ignored. Malformed input raises ``X12ReadError`` naming the segment number (1 = ISA).

Members are grouped into transactions the way the writer lays them out: a subscriber
(``INS01 = Y``) starts a transaction, and following members with the same subscriber id, policy
id, maintenance type and reason join it; a dependent without a subscriber before it starts a
dependent-only transaction. The transaction-level values (dates, plan, 2750 money) are taken
from the subscriber, or from the first member when there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from x12.codes import Category, Gender, MaintenanceReason, MaintenanceType, Relationship
from x12.envelope import Delimiters, Party
from x12.model import Address, EnrollmentTransaction, Member
from x12.text import parse_date, parse_money, parse_timestamp

_KNOWN_CATEGORIES = {getattr(Category, name) for name in dir(Category) if not name.startswith("_")}


class X12ReadError(ValueError):
    """Malformed 834 input; ``segment_number`` counts segments from 1 (the ISA)."""

    def __init__(self, message: str, segment_number: int, segment_id: str = "") -> None:
        where = f"segment {segment_number}" + (f" ({segment_id})" if segment_id else "")
        super().__init__(f"{where}: {message}")
        self.segment_number = segment_number
        self.segment_id = segment_id
        self.reason = message


@dataclass(frozen=True)
class TransactionSet:
    """One ST/SE set: its control number, BGN02 reference, 1000A sponsor and 1000B payer."""

    control_number: str
    reference: str
    group_control_number: str
    sponsor: Party | None
    payer: Party | None
    transactions: tuple[EnrollmentTransaction, ...]


@dataclass(frozen=True)
class Interchange:
    """An ISA/IEA interchange read from text."""

    sender_id: str
    receiver_id: str
    control_number: str
    usage: str
    created: datetime
    delimiters: Delimiters
    sets: tuple[TransactionSet, ...]

    @property
    def transactions(self) -> list[EnrollmentTransaction]:
        return [t for s in self.sets for t in s.transactions]


def tokenize(text: str) -> tuple[Delimiters, list[list[str]]]:
    """Split an interchange into segments of elements, using the ISA's delimiters."""
    start = text.find("ISA")
    if start < 0 or text[:start].strip(" \t\r\n\ufeff"):
        raise X12ReadError("the interchange does not start with an ISA segment", 1, "ISA")
    body = text[start:]
    if len(body) < 106:
        raise X12ReadError("the ISA segment is shorter than 106 characters", 1, "ISA")
    element = body[3]
    isa = body[:105].split(element)
    if len(isa) != 17 or len(isa[16]) != 1:
        raise X12ReadError("the ISA segment does not have 16 fixed-width elements", 1, "ISA")
    try:
        delimiters = Delimiters(element, isa[11], isa[16], body[105])
    except ValueError as exc:
        raise X12ReadError(f"unusable delimiters in the ISA: {exc}", 1, "ISA") from None
    segments = []
    for raw in body.split(delimiters.segment):
        raw = raw.strip("\r\n")
        if raw.strip():
            segments.append(raw.split(element))
    return delimiters, segments


def read_834(source: str | Path) -> Interchange:
    """Parse an 834 given as text or as a path to a file."""
    if isinstance(source, Path):
        source = source.read_text(encoding="ascii", errors="replace")
    delimiters, segments = tokenize(source)
    return read_segments(delimiters, segments)


def read_segments(delimiters: Delimiters, segments: list[list[str]]) -> Interchange:
    """Parse segments already split by ``tokenize``."""
    return _Reader(delimiters, segments).run()


@dataclass
class _RawMember:
    number: int  # segment number of the INS
    ins: list[str]
    refs: dict[str, str] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)
    name: list[str] = field(default_factory=list)
    per: list[str] = field(default_factory=list)
    n3: list[str] | None = None
    n4: list[str] | None = None
    dmg: list[str] = field(default_factory=list)
    tobacco: bool | None = None
    language: str | None = None
    hd: list[str] | None = None
    hd_dates: dict[str, date] = field(default_factory=dict)
    hd_refs: dict[str, str] = field(default_factory=dict)
    categories: dict[str, tuple[str, date | None]] = field(default_factory=dict)
    extra: list[tuple[str, str]] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)  # segment id -> segment number


def _el(seg: list[str], index: int) -> str:
    return seg[index] if len(seg) > index else ""


class _Reader:
    def __init__(self, delimiters: Delimiters, segments: list[list[str]]) -> None:
        self.d = delimiters
        self.segments = segments
        self.number = 0
        self.seg: list[str] = []

    def fail(self, message: str) -> X12ReadError:
        return X12ReadError(message, self.number, self.seg[0] if self.seg else "")

    def convert(self, func: Callable, value: str, what: str):
        try:
            return func(value)
        except ValueError:
            raise self.fail(f"{what}: {value!r} is not valid") from None

    def run(self) -> Interchange:
        """Read the interchange: the envelope (ISA, GS, ST ... SE, GE, IEA), each transaction
        set's header and each member's loops (2000, 2100A, 2300, 2700/2750)."""
        self.sets: list[TransactionSet] = []
        self.gs: list[str] | None = None
        self.current: dict | None = None
        self.member: _RawMember | None = None
        self.loop = ""  # "2000", "2100A", "2300", "2750"
        self.category: list[str] = []
        self.saw_iea = False
        for number, seg in enumerate(self.segments, start=1):
            self.number, self.seg = number, seg
            sid = seg[0].strip()
            if self._envelope(sid, seg) or self.member is None:
                continue  # other header segments (REF*38, DTP, QTY, ACT)
            self._member_segment(sid, seg)
        if self.current is not None:
            raise X12ReadError("the transaction set has no SE", len(self.segments), "")
        if not self.saw_iea and self.segments[-1][0].strip() != "IEA":
            raise X12ReadError("the interchange has no IEA", len(self.segments), "")
        isa = self.segments[0]
        return Interchange(
            sender_id=_el(isa, 6).strip(),
            receiver_id=_el(isa, 8).strip(),
            control_number=_el(isa, 13),
            usage=_el(isa, 15),
            created=self._created(self.gs),
            delimiters=self.d,
            sets=tuple(self.sets),
        )

    def _envelope(self, sid: str, seg: list[str]) -> bool:
        """Read an envelope or transaction-set header segment, or a member's INS; False for
        a segment of a member's loops."""
        if sid == "ISA":
            if self.number != 1:
                raise self.fail("a second ISA inside the interchange")
        elif sid == "GS":
            self.gs = seg
        elif sid == "ST":
            self._start_set(seg)
        elif self.current is None:
            if sid not in ("GE", "IEA"):
                raise self.fail(f"{sid} outside an ST/SE transaction set")
            self.saw_iea = self.saw_iea or sid == "IEA"
        elif sid == "SE":
            self.sets.append(self._finish_set(self.current))
            self.current, self.member, self.loop = None, None, ""
        elif sid == "BGN":
            self.current["bgn"] = _el(seg, 2)
        elif sid == "N1" and self.member is None:
            party = Party(_el(seg, 2), _el(seg, 3), _el(seg, 4))
            role = {"P5": "sponsor", "IN": "payer", "BO": "broker"}.get(_el(seg, 1))
            if role is not None:
                self.current[role] = party
        elif sid == "INS":
            self.member = _RawMember(self.number, seg)
            self.current["members"].append(self.member)
            self.loop = "2000"
        else:
            return False
        return True

    def _start_set(self, seg: list[str]) -> None:
        """ST: an 834 transaction set begins, inside a GS functional group."""
        if self.gs is None:
            raise self.fail("ST outside a GS functional group")
        if _el(seg, 1) != "834":
            raise self.fail(f"transaction set {_el(seg, 1)!r} is not an 834")
        self.current = {
            "st": _el(seg, 2),
            "bgn": "",
            "sponsor": None,
            "payer": None,
            "broker": None,
            "members": [],
            "gs": _el(self.gs, 6),
        }
        self.member, self.loop = None, ""

    def _member_segment(self, sid: str, seg: list[str]) -> None:
        """A segment of the current member's loops: 2000 (REF, DTP), 2100A (NM1 and the
        member's contact and demographics), 2300 (HD) and 2700/2750 (reporting categories)."""
        member, loop = self.member, self.loop
        if sid == "REF":
            self._ref(member, loop, self.category, seg)
        elif sid == "DTP":
            self._dtp(member, loop, self.category, seg)
        elif sid == "NM1":
            self.loop = "2100A" if _el(seg, 1) in ("IL", "74") else "2100X"
            if self.loop == "2100A":
                member.name = seg
        elif loop == "2100A" and sid in ("PER", "N3", "N4", "DMG", "HLH", "LUI"):
            self._member_name_loop(sid, seg)
        elif sid == "HD":
            if member.hd is not None:
                raise self.fail("more than one 2300 HD loop for a member is not supported")
            member.hd, self.loop = seg, "2300"
        elif sid == "LS":
            self.loop = "2700"
        elif sid == "LX":
            self._close_category(member, self.category)
            self.loop, self.category = "2750", []
        elif sid == "N1" and loop == "2750":
            self.category = [_el(seg, 2), "", ""]
        elif sid == "LE":
            self._close_category(member, self.category)
            self.loop, self.category = "", []

    def _member_name_loop(self, sid: str, seg: list[str]) -> None:
        """Loop 2100A: the member's contact (PER), address (N3, N4), demographics (DMG),
        tobacco use (HLH) and language (LUI)."""
        member = self.member
        if sid == "PER":
            member.per = seg
        elif sid == "N3":
            member.n3 = seg
        elif sid == "N4":
            member.n4 = seg
        elif sid == "DMG":
            member.dmg = seg
            member.where["DMG"] = self.number
        elif sid == "HLH":
            member.tobacco = {"T": True, "N": False}.get(_el(seg, 1))
        else:
            member.language = _el(seg, 2) or None

    def _created(self, gs: list[str] | None) -> datetime:
        if gs is None:
            raise X12ReadError("the interchange has no GS functional group", 1, "ISA")
        stamp = _el(gs, 4) + _el(gs, 5)[:4].ljust(4, "0")
        try:
            return datetime.strptime(stamp, "%Y%m%d%H%M")
        except ValueError:
            return datetime(1900, 1, 1)

    # -- element handlers -----------------------------------------------------------------
    def _ref(self, m: _RawMember, loop: str, category: list[str], seg: list[str]) -> None:
        if loop == "2000":
            m.refs.setdefault(_el(seg, 1), _el(seg, 2))
        elif loop == "2300":
            m.hd_refs.setdefault(_el(seg, 1), _el(seg, 2))
        elif loop == "2750" and category:
            category[1] = _el(seg, 2)

    def _dtp(self, m: _RawMember, loop: str, category: list[str], seg: list[str]) -> None:
        if _el(seg, 2) != "D8":
            if loop in ("2000", "2300"):
                raise self.fail(f"date format {_el(seg, 2)!r} is not supported (D8 only)")
            return
        value = self.convert(parse_date, _el(seg, 3), f"DTP*{_el(seg, 1)} date")
        if loop == "2000":
            m.dates.setdefault(_el(seg, 1), value)
        elif loop == "2300":
            m.hd_dates.setdefault(_el(seg, 1), value)
        elif loop == "2750" and category:
            category[2] = value
            self._close_category(m, category)

    def _close_category(self, m: _RawMember, category: list[str]) -> None:
        if not category or not category[0]:
            return
        name, value, when = category[0], category[1], category[2] or None
        if name in _KNOWN_CATEGORIES:
            m.categories[name] = (value, when)
        elif (name, value) not in m.extra:
            m.extra.append((name, value))
        category.clear()

    # -- building the dataclasses -----------------------------------------------------------
    def _finish_set(self, current: dict) -> TransactionSet:
        members = current["members"]
        groups: list[list[_RawMember]] = []
        key = None
        for raw in members:
            self.number = raw.number
            self.seg = raw.ins
            this = (raw.refs.get("0F"), self._policy(raw), _el(raw.ins, 3), _el(raw.ins, 4))
            if _el(raw.ins, 1) == "Y" or this != key or not groups:
                groups.append([])
                key = this
            groups[-1].append(raw)
        payer: Party | None = current["payer"]
        broker: Party | None = current["broker"]
        txns = tuple(self._transaction(group, payer, broker) for group in groups)
        return TransactionSet(
            current["st"], current["bgn"], current["gs"], current["sponsor"], payer, txns
        )

    @staticmethod
    def _policy(raw: _RawMember) -> str | None:
        return raw.hd_refs.get("1L") or raw.refs.get("1L")

    def _transaction(
        self, group: list[_RawMember], payer: Party | None, broker: Party | None = None
    ) -> EnrollmentTransaction:
        """One policy's transaction from its members' loops: the subscriber's INS, 2000 and
        2300 loops, the issuer (N1*IN) and broker (N1*BO), and the reporting categories."""
        lead = group[0]
        self.number, self.seg = lead.number, lead.ins
        ins = lead.ins
        plan_id = lead.hd_refs.get("CE")
        hios: str | None = None  # an issuer's record with only its TIN and no 2300 has none
        if payer is not None and payer.id_qualifier == "XV":
            hios = payer.identifier
        elif plan_id:
            hios = plan_id[:5]
        start = lead.hd_dates.get("348") or lead.dates.get("356")
        if start is None:
            raise self.fail("no coverage begin date (2300 DTP*348 or 2000 DTP*356)")
        end = lead.hd_dates.get("349") or lead.dates.get("357")
        try:
            return EnrollmentTransaction(
                maintenance_type=self.convert(MaintenanceType, _el(ins, 3), "INS03"),
                maintenance_reason=(
                    self.convert(MaintenanceReason, _el(ins, 4), "INS04") if _el(ins, 4) else None
                ),
                subscriber_id=lead.refs.get("0F", ""),
                policy_id=self._policy(lead) or "",
                issuer_hios_id=hios,
                plan_id=plan_id,
                coverage_start=start,
                coverage_end=end,
                members=tuple(self._member(raw) for raw in group),
                insurance_line=_el(lead.hd, 3) if lead.hd else "HLT",
                coverage_level=(_el(lead.hd, 5) or None) if lead.hd else None,
                **self._categories(lead.categories),
                maintenance_effective_date=lead.dates.get("303"),
                paid_through_date=lead.hd_dates.get("543"),
                issuer_subscriber_id=lead.refs.get("ZZ"),
                issuer_policy_id=lead.hd_refs.get("X9"),
                issuer_name=(payer.name or None) if payer else None,
                issuer_tin=payer.identifier if payer and payer.id_qualifier == "FI" else None,
                broker_name=(broker.name or None) if broker else None,
                broker_npn=(broker.identifier or None) if broker else None,
                extra=tuple(lead.extra),
            )
        except ValueError as exc:
            if isinstance(exc, X12ReadError):
                raise
            raise self.fail(str(exc)) from None

    def _categories(self, cat: dict) -> dict:
        """The 2750 reporting categories as the transaction's fields: the amounts, the rating
        area, the request's source and time, the reasons, and the first dated category's date
        as the financial effective date."""

        def money(name: str) -> Decimal | None:
            if name not in cat:
                return None
            return self.convert(parse_money, cat[name][0], name)

        def text(name: str) -> str | None:
            return cat[name][0] or None if name in cat else None

        stamp = text(Category.REQUEST_SUBMIT_TIMESTAMP)
        dated = [when for _, when in cat.values() if when is not None]
        return dict(
            premium_total=money(Category.PREMIUM_TOTAL),
            aptc_amount=money(Category.APTC),
            csr_amount=money(Category.CSR),
            state_subsidy_amount=money(Category.STATE_SUBSIDY),
            total_responsible_amount=money(Category.TOTAL_RESPONSIBLE),
            rating_area=text(Category.RATING_AREA),
            source_exchange_id=text(Category.SOURCE_EXCHANGE_ID),
            request_submit_timestamp=(
                self.convert(parse_timestamp, stamp, "REQUEST SUBMIT TIMESTAMP") if stamp else None
            ),
            application_id_origin=text(Category.APPLICATION_ID_AND_ORIGIN),
            additional_maintenance_reason=text(Category.ADDITIONAL_MAINTENANCE_REASON),
            sep_reason=text(Category.SEP_REASON),
            financial_effective_date=dated[0] if dated else None,
        )

    def _member(self, raw: _RawMember) -> Member:
        self.number, self.seg = raw.number, raw.ins
        if not raw.name:
            raise self.fail("the member has no 2100A NM1*IL name")
        dmg = raw.dmg
        if not dmg:
            raise self.fail("the member has no DMG demographics")
        address = None
        if raw.n3 is not None and raw.n4 is not None:
            n3, n4 = raw.n3, raw.n4
            address = Address(
                line1=_el(n3, 1),
                line2=_el(n3, 2) or None,
                city=_el(n4, 1),
                state=_el(n4, 2),
                zip_code=_el(n4, 3),
                county_fips=_el(n4, 6) if _el(n4, 5) == "CY" and _el(n4, 6) else None,
            )
        contact: dict[str, str] = {}
        per = raw.per
        for i in range(3, len(per) - 1, 2):
            contact.setdefault(per[i], per[i + 1])
        race: list[str] = []
        for repeat in _el(dmg, 5).split(self.d.repetition) if _el(dmg, 5) else []:
            parts = repeat.split(self.d.component)
            if len(parts) >= 3 and parts[2]:
                race.append(parts[2])
        name = raw.name
        premium = raw.categories.get(Category.PREMIUM_MEMBER)
        self.number, self.seg = raw.where.get("DMG", raw.number), dmg
        birth_date = self.convert(parse_date, _el(dmg, 2), "DMG02 birth date")
        gender = self.convert(Gender, _el(dmg, 3), "DMG03 gender")
        self.number, self.seg = raw.number, raw.ins
        phone = contact.get("TE") or contact.get("HP") or contact.get("CP")
        return Member(
            member_id=raw.refs.get("17", ""),
            is_subscriber=_el(raw.ins, 1) == "Y",
            relationship=self.convert(Relationship, _el(raw.ins, 2), "INS02"),
            last_name=_el(name, 3),
            first_name=_el(name, 4),
            middle_name=_el(name, 5) or None,
            suffix=_el(name, 7) or None,
            ssn=_el(name, 9) if _el(name, 8) == "34" and _el(name, 9) else None,
            birth_date=birth_date,
            gender=gender,
            address=address,
            phone=phone,
            email=contact.get("EM"),
            tobacco_use=raw.tobacco,
            language=raw.language,
            race_ethnicity=tuple(race),
            premium=self.convert(parse_money, premium[0], "PRE AMT 1") if premium else None,
            issuer_member_id=raw.refs.get("23"),
        )
