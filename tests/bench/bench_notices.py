"""Notice PDF rendering time per notice: the Garcias' eligibility notice (four people, three
pages), rendered 30 times in English and 30 in Spanish in one warm process, no database.
The render job's cost is this plus one row update."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from tests.bench import Figure

RENDERS = 30


def _context() -> dict:
    result = json.loads(
        (
            Path(__file__).resolve().parent.parent / "verifications" / "garcia_result.json"
        ).read_text()
    )
    return {
        "determination": result,
        "application": {
            "members": ["Maria Garcia", "Jose Garcia", "Lucia Garcia", "Mateo Garcia"],
            "address": {
                "street": "12 Elm Street",
                "city": "Boston",
                "state": "MA",
                "zipcode": "02108",
            },
        },
        "date": "2026-11-02",
        "income": 52000,
    }


def run() -> list[Figure]:
    import django

    django.setup()
    from marketplace.notices.render import render_pdf

    context = _context()
    render_pdf("eligibility", "en", context, "warm-up")  # imports, fonts, template cache
    figures = []
    for language in ("en", "es"):
        times = []
        pages = 0
        for n in range(RENDERS):
            start = time.perf_counter()
            _, pages = render_pdf("eligibility", language, context, f"bench-{n:04d}")
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        note = f"{RENDERS} renders, {pages} pages, letter, DejaVu Sans"
        figures.append(
            Figure(f"notices.render_ms_median_{language}", statistics.median(times), "ms", note)
        )
        figures.append(Figure(f"notices.render_ms_p95_{language}", p95, "ms", note))
    return figures
