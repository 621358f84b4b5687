"""Issue 13 benchmark: renewal notice PDFs for the mail house, in CPU seconds a notice
(goal: 100,000 notices an hour on this 2-core machine). Wall-clock rates are not reported:
the machine is shared, so only CPU time (time.process_time) and ratios to a floor mean
anything.

A state of BENCH_NOTICE_HOUSEHOLDS households (default 30) is seeded, enrolled for 2026 and
renewed to 2027; its renewal notices are copied (new ids, the same contexts) up to
BENCH_NOTICES (default 300). Then, in the same run, on the same notices:
- before: BENCH_NOTICES_BEFORE notices (default 40) rendered one by one as the render job
  did before ADR 0809 (the style sheet inline in every notice, WeasyPrint's own URL
  fetcher, the notice saved with its immutability check), in one warm process;
- after: the rest by `render-notices --kind renewal` on BENCH_NOTICE_WORKERS forked workers
  (default 2 on PostgreSQL, 1 on SQLite), their process_time summed by the command;
- the floor: WeasyPrint rendering a fixed one-page HTML with the same fonts and style sheet
  (`render.FLOOR_HTML`), in the "before" process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import Figure
from tests.bench.bench_renewals import MARKETPLACE, REPO, _Database, _run

HOUSEHOLDS = int(os.environ.get("BENCH_NOTICE_HOUSEHOLDS", "30"))
NOTICES = int(os.environ.get("BENCH_NOTICES", "300"))
BEFORE = int(os.environ.get("BENCH_NOTICES_BEFORE", "40"))
FLOOR_RENDERS = 40
GOAL = 100_000
CORES = 2

COPY_NOTICES = """
import uuid, django
django.setup()
from marketplace.core import bulk
from marketplace.notices.models import Notice
real = list(Notice.objects.filter(kind="renewal", status="queued").order_by("id"))
def copy(n):
    return Notice(user_id=n.user_id, kind=n.kind, language=n.language, context=n.context,
                  paper=n.paper, public_id=uuid.uuid4())
bulk.insert([copy(real[i % len(real)]) for i in range(max({count} - len(real), 0))])
print(len(real))
"""

# The render job's path before ADR 0809, reproduced: the style sheet parsed with every notice
# (inline, as base.html had it), WeasyPrint's default URL fetcher, `Notice.save()`.
BEFORE_AND_FLOOR = """
import hashlib, time, django
django.setup()
from django.utils import timezone
from marketplace.audit import log as audit
from marketplace.notices import render
from marketplace.notices.models import Notice
def before(notice):
    html = render.html_page(notice.kind, notice.language, notice.context, str(notice.public_id))
    document = render._engine().HTML(string=html).render(font_config=render._font_config())
    pdf = document.write_pdf()
    notice.pdf, notice.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
    notice.page_count, notice.status = len(document.pages), "rendered"
    notice.rendered_at = timezone.now()
    notice.save()
    audit.record("notice.rendered", actor_label="worker", obj=notice, pages=len(document.pages))
def floor():
    render.layout(render.FLOOR_HTML).write_pdf()
notices = list(Notice.objects.filter(kind="renewal", status="queued").order_by("id")[:{count}])
render.warm_up()
before(notices.pop())  # the first loads the templates
cpu = time.process_time()
for notice in notices:
    before(notice)
before_cpu = (time.process_time() - cpu) / len(notices)
cpu = time.process_time()
for _ in range({floor}):
    floor()
print(before_cpu, (time.process_time() - cpu) / {floor}, len(notices))
"""


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        database = _Database(tmp)
        try:
            return _measure(tmp, database)
        finally:
            database.drop()


def _python(snippet: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", snippet],
        env={**env, "DJANGO_SETTINGS_MODULE": "marketplace.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def _state(tmp: Path, env: dict) -> None:
    _run([MARKETPLACE, "migrate", "--no-input", "-v", "0"], env)
    puf = str(tmp / "puf")
    _run([MARKETPLACE, "load-demo", "--out", puf, "--year", "2026", "--year", "2027"], env)
    seed = [MARKETPLACE, "seed-households", str(HOUSEHOLDS), "--enroll", "--year", "2026"]
    _run([*seed, "--seed", "1"], env)
    env["MARKETPLACE_TODAY"] = "2026-12-02"
    _run([MARKETPLACE, "renew", "--from", "2026", "--to", "2027"], env)


def _after(env: dict, workers: int) -> tuple[float, int]:
    """(CPU seconds a notice summed over the workers, notices rendered) by the command."""
    command = [MARKETPLACE, "render-notices", "--kind", "renewal", "--workers", str(workers)]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    rendered = int(re.search(r"Rendered (\d+) notice PDFs", done.stdout).group(1))
    cpu = float(re.search(r"Worker CPU: ([\d.]+) s", done.stdout).group(1))
    return cpu / rendered, rendered


def _measure(tmp: Path, database: _Database) -> list[Figure]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MARKETPLACE_TODAY")}
    env.update(
        DATABASE_URL=database.url,
        MARKETPLACE_VAR_DIR=str(tmp / "var"),
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        MARKETPLACE_TODAY="2025-12-01",
    )
    _state(tmp, env)
    real = int(_python(COPY_NOTICES.format(count=NOTICES), env))
    line = _python(BEFORE_AND_FLOOR.format(count=BEFORE, floor=FLOOR_RENDERS), env)
    before, floor, before_count = line.split()
    before, floor = float(before), float(floor)
    workers = int(os.environ.get("BENCH_NOTICE_WORKERS", "2" if database.postgres else "1"))
    after, after_count = _after(env, workers)
    return _figures(before, after, floor, int(before_count), after_count, real, workers)


def _figures(before, after, floor, before_count, after_count, real, workers) -> list[Figure]:
    where = f"{real} real renewal notices copied to {before_count + after_count + 1}"
    per_hour = 3600 / after
    return [
        Figure("notice PDF floor (one fixed page, same fonts)", floor * 1000, "ms CPU", where),
        Figure(
            "renewal notice PDF before (per-notice path)",
            before * 1000,
            "ms CPU",
            f"{before_count} notices, one warm process; {before / floor:.1f} x the floor",
        ),
        Figure(
            "renewal notice PDF after (render-notices)",
            after * 1000,
            "ms CPU",
            f"{after_count} notices, {workers} worker(s), process_time summed; "
            f"{after / floor:.1f} x the floor; after/before {after / before:.2f}",
        ),
        Figure("renewal notice PDFs per hour of CPU", per_hour, "per hour", "after"),
        Figure(
            f"renewal notice PDFs projected to {CORES} cores",
            per_hour * CORES,
            "per hour",
            f"CPU-bound, as if the machine were ours alone; goal {GOAL:,}",
        ),
    ]
