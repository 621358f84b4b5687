"""Typed settings from the environment, failing loudly on bad values.

Each reader names the variable in its error so an operator knows what to fix.
"""

from __future__ import annotations

import os
from datetime import date
from urllib.parse import parse_qs, unquote, urlparse


class SettingError(ValueError):
    """An environment variable holds a value the exchange cannot use."""


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def boolean(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name} must be true or false, not {raw!r}")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from exc


def number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingError(f"{name} must be a number (like 1.5), not {raw!r}") from None
    if value < 0:
        raise SettingError(f"{name} must be 0 or more, not {raw!r}")
    return value


def day(name: str) -> date | None:
    """A calendar date written YYYY-MM-DD, or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise SettingError(f"{name} must be a date written YYYY-MM-DD, not {raw!r}") from exc


def choice(name: str, default: str, allowed: set[str]) -> str:
    value = os.environ.get(name, default) or default
    if value not in allowed:
        raise SettingError(f"{name} must be one of {sorted(allowed)}, not {value!r}")
    return value


def csv_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database(url: str, sqlite_default_path: str) -> dict:
    """Turn DATABASE_URL into Django's DATABASES['default'].

    Supports postgres://user:password@host:port/name and sqlite:///path. An empty URL
    means the embedded SQLite database at `sqlite_default_path`.
    """
    if not url:
        return _sqlite(sqlite_default_path)
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "marketplace",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # A new connection per request costs 3.5x on this machine
            # (measured side by side, docs/adr/0003-database.md): keep connections open.
            "CONN_MAX_AGE": integer("DATABASE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": os.environ.get("DATABASE_TEST_NAME") or None},
        }
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path.db or sqlite:////absolute/path.db
        return _sqlite(unquote(parsed.path)[1:])
    raise SettingError(
        f"DATABASE_URL must start with postgres:// or sqlite:///, not {parsed.scheme!r}"
    )


def _sqlite(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Reuse connections: opening one runs the PRAGMAs below (about 2 ms a request).
        "CONN_MAX_AGE": integer("DATABASE_CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE makes a writing
            # transaction take its lock up front instead of failing midway.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }
