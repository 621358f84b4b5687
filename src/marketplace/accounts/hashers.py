"""Password hashing: Argon2id at OWASP's minimum recommended parameters.

OWASP Password Storage Cheat Sheet: "Use Argon2id with a minimum configuration of 19 MiB of
memory, an iteration count of 2, and 1 degree of parallelism." NIST SP 800-63B section 5.1.1.2
asks for a memory-hard or iterated, salted one-way function; Argon2id is both.

Django's own Argon2PasswordHasher uses 100 MiB, t=2, p=8 (about 95 ms of CPU per hash on
this machine); these parameters cost about a quarter of that, which is what lets two cores
take 100,000 sign-ins an hour (see tests/bench/bench_accounts.py). Hashes made with other
parameters are re-hashed at the next successful sign-in (`must_update`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OWASPArgon2idHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1. Keeps the "argon2" prefix so Django can read old hashes."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
