"""The load report's `transactions:` lines: transactions run again and given up after a
deadlock, per action, summed over the app servers' /metrics (ADR 1705), without a load run."""

from __future__ import annotations

import pytest

from marketplace.core import transactions
from marketplace.operations import metrics
from tests.load.run import conflict_lines

CHECKOUT = "marketplace.enrollment.actions._checkout"
SESSION = "marketplace.core.sessions._save_row"


def scrape(*samples: tuple[str, str, str, float]) -> str:
    """One app server's /metrics text with these (action, kind, outcome, count) samples, as
    prometheus-client's multiprocess collector writes them."""
    lines = [
        "# HELP marketplace_transaction_conflicts_total Action transactions ...",
        "# TYPE marketplace_transaction_conflicts_total counter",
    ]
    for action, kind, outcome, count in samples:
        lines.append(
            f'marketplace_transaction_conflicts_total{{action="{action}",kind="{kind}",'
            f'outcome="{outcome}"}} {count}'
        )
    lines += [
        "# HELP marketplace_http_requests_total HTTP requests answered.",
        "# TYPE marketplace_http_requests_total counter",
        'marketplace_http_requests_total{method="GET",route="healthz",status="200"} 7.0',
    ]
    return "\n".join(lines) + "\n"


def test_the_counts_are_summed_over_the_servers_per_action_and_in_all():
    first = scrape(
        (CHECKOUT, "deadlock", "retried", 3.0),
        (CHECKOUT, "lock_not_available", "retried", 1.0),
        (SESSION, "deadlock", "retried", 1.0),
    )
    second = scrape((CHECKOUT, "deadlock", "retried", 2.0), (CHECKOUT, "deadlock", "gave_up", 1.0))
    assert conflict_lines([first, second]) == [
        f"transactions: action={CHECKOUT} retried=6 gave_up=1",
        f"transactions: action={SESSION} retried=1 gave_up=0",
        "transactions: retried=7 gave_up=1 servers_scraped=2/2",
    ]


def test_a_run_without_a_conflict_says_so_and_a_silent_server_is_named():
    assert conflict_lines([scrape(), None]) == [
        "transactions: retried=0 gave_up=0 servers_scraped=1/2"
    ]


@pytest.mark.django_db
def test_the_exchanges_own_metrics_text_is_read():
    """The harness reads the labels the exchange writes (operations/metrics.py)."""
    action = f"{__name__}.an_action"

    def counted(text: str) -> list[str]:
        return [line for line in conflict_lines([text]) if action in line]

    before = counted(metrics.exposition().decode())
    transactions.retried.send(sender=None, kind="deadlock", action=action, attempt=1)
    transactions.retried.send(sender=None, kind="deadlock", action=action, attempt=2)
    transactions.gave_up.send(sender=None, kind="deadlock", action=action, attempt=3)
    assert before == []
    assert counted(metrics.exposition().decode()) == [
        f"transactions: action={action} retried=2 gave_up=1"
    ]
