"""A fresh database for servers started in a subprocess (a SQLite file, or a new PostgreSQL
database), and the environment variables a child server must not inherit; for the restart
and kill tests."""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse, urlunparse

CLEAN_ENV = ("DATABASE_URL", "MARKETPLACE_CRASH_AT", "MARKETPLACE_ENV")


class Database:
    """A fresh database for the servers: a SQLite file, or a new PostgreSQL database."""

    def __init__(self, tmp_path: Path):
        outer = os.environ.get("DATABASE_URL", "")
        self.postgres = outer.split(":", 1)[0] in {"postgres", "postgresql", "pgsql"}
        if self.postgres:
            parsed = urlparse(outer)
            self.name = f"restart_{uuid.uuid4().hex[:12]}"
            self.admin_url = urlunparse(parsed._replace(path="/postgres", query=""))
            self.url = urlunparse(parsed._replace(path=f"/{self.name}"))
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = tmp_path / "restart.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with closing(psycopg.connect(self.admin_url, autocommit=True)) as admin:
            admin.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self, sql: str, *params) -> list[tuple]:
        """Run one query (with %s placeholders) on the server's database, committed data only."""
        if self.postgres:
            import psycopg

            with closing(psycopg.connect(urlunparse(urlparse(self.url)._replace(query="")))) as db:
                return db.execute(sql, params).fetchall()
        with closing(sqlite3.connect(self.path)) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

    def value(self, sql: str, *params):
        [(value,)] = self.rows(sql, *params)
        return value

    def table_counts(self) -> dict[str, int]:
        if self.postgres:
            sql = "select tablename from pg_tables where schemaname = 'public'"
        else:
            sql = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
        tables = [name for (name,) in self.rows(sql)]
        return {t: self.value(f'select count(*) from "{t}"') for t in tables}  # noqa: S608
