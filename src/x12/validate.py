"""Validation of an 834: pyx12 against the 005010X220A1 TR3, then our companion-guide checks.

pyx12 4.0.0's ``x12n_document`` API is used (its CLI exit code means nothing; see
shared ecosystem notes §2). Its logging is silenced; the errors come from its JSON report and
its 999 acknowledgement is returned. The exchange rules it does not know are in
``x12.companion``.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from x12.companion import check_segments, check_transaction
from x12.reader import X12ReadError, read_segments, tokenize

_pyx12_logger = logging.getLogger("pyx12")
_pyx12_logger.addHandler(logging.NullHandler())
_pyx12_logger.propagate = False


@dataclass(frozen=True)
class ValidationResult:
    ok: bool
    errors: list[str] = field(default_factory=list)
    ack_999: str = ""


def validate_834(source: str | Path, companion: bool = True) -> ValidationResult:
    """Validate an 834 given as text or as a path (a ``Path``, or a str not starting with ISA)."""
    text = _text(source)
    ok, errors, ack = run_pyx12(text)
    if companion:
        errors.extend(companion_errors(text))
    return ValidationResult(ok=ok and not errors, errors=errors, ack_999=ack)


def _text(source: str | Path) -> str:
    if isinstance(source, Path):
        return source.read_text(encoding="ascii", errors="replace")
    if source.lstrip(" \r\n\t\ufeff").startswith("ISA") or "\n" in source.strip():
        return source
    return Path(source).read_text(encoding="ascii", errors="replace")


def run_pyx12(text: str) -> tuple[bool, list[str], str]:
    """Run pyx12's validator; return (ok, readable errors, 999 acknowledgement)."""
    import pyx12.params
    import pyx12.x12n_document

    ack, report = io.StringIO(), io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(),
            src_file=io.StringIO(text),
            fd_997=ack,
            fd_html=None,
            fd_xmldoc=None,
            fd_json=report,
        )
    except Exception as exc:  # pyx12 raises on some malformed input instead of reporting
        return False, [f"pyx12 could not process the file: {type(exc).__name__}: {exc}"], ""
    errors = _json_errors(report.getvalue())
    if not ok and not errors:
        errors.append("pyx12 rejected the file (see the 999 acknowledgement)")
    return bool(ok), errors, ack.getvalue()


def _json_errors(report: str) -> list[str]:
    if not report.strip():
        return []
    doc = json.loads(report)
    errors: list[str] = []

    def add(level: str, node: dict) -> None:
        for e in node.get("errors", []):
            errors.append(f"{level} line {node.get('cur_line', '?')}: {e['err_str']}")

    for isa in doc.get("interchanges", []):
        add("ISA", isa)
        for gs in isa.get("groups", []):
            add("GS", gs)
            for st in gs.get("transactions", []):
                add(f"ST {st.get('trn_set_control_num', '')}", st)
                for seg in st.get("segments", []):
                    where = f"line {seg.get('cur_line', '?')} {seg.get('seg_id', '')}"
                    for e in seg.get("errors", []):
                        errors.append(f"{where}: {e['err_str']}")
                    for ele in seg.get("elements", []):
                        for e in ele.get("errors", []):
                            errors.append(
                                f"{where}{int(ele.get('ele_pos') or 0):02d}: {e['err_str']}"
                            )
    return errors


def companion_errors(text: str) -> list[str]:
    """Our exchange rules: raw segment checks, then per-transaction business checks."""
    try:
        delimiters, segments = tokenize(text)
    except X12ReadError as exc:
        return [f"cannot read the interchange: {exc}"]
    errors = check_segments(segments)
    try:
        interchange = read_segments(delimiters, segments)
    except X12ReadError as exc:
        errors.append(f"cannot read the 834: {exc}")
        return errors
    for st in interchange.sets:
        for index, txn in enumerate(st.transactions, start=1):
            where = f"ST {st.control_number} transaction {index} (policy {txn.policy_id})"
            errors.extend(check_transaction(txn, where))
    return errors
