"""Files that hold personal data are for the exchange's own user only: 0600 files in 0700
folders (docs/adr/0008-batch-exceptions-and-private-data.md).

E-mail files, identity documents, mail-house output, 834s and Medicaid transfers carry names,
addresses, dates of birth and SSNs. `marketplace serve`, the worker and every `marketplace`
command also set umask 077 (`restrict_umask`), so anything else they create (the SQLite
database, its -wal and -shm files) is private too; these helpers set the modes explicitly so
they hold whatever the umask of the process that writes.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def restrict_umask() -> int:
    """New files 0600 and folders 0700 for the rest of this process; the old umask."""
    return os.umask(0o077)


def private_dir(path: Path | str) -> Path:
    """Create `path` (and missing parents) as 0700; an existing folder is made 0700."""
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


@contextmanager
def private_file(path: Path | str, mode: str = "wb"):
    """Open `path` for writing ("wb", "ab", "w" or "a"), created 0600 (and made 0600 if it
    existed), with its folder 0700."""
    path = Path(path)
    private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    descriptor = os.open(path, flags, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    text = "b" not in mode
    with os.fdopen(descriptor, mode, encoding="utf-8" if text else None) as handle:
        yield handle


def write_private(path: Path | str, data: bytes | str) -> Path:
    """Write `data` to `path` as a 0600 file."""
    with private_file(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
    return Path(path)


def make_private(path: Path | str) -> None:
    """chmod an existing file 0600 (a database file made by a library)."""
    try:
        os.chmod(path, FILE_MODE)
    except FileNotFoundError:
        pass


def secure_database_files() -> None:
    """The embedded SQLite database and its -wal/-shm files 0600, its folder 0700 (SQLite
    creates them with the process umask; a database made before this change was 0644)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or str(database["NAME"]) == ":memory:":
        return
    path = Path(database["NAME"])
    if path.parent == Path(settings.VAR_DIR) and path.parent.exists():
        os.chmod(path.parent, DIR_MODE)
    for suffix in ("", "-wal", "-shm", "-journal"):
        make_private(f"{path}{suffix}")
