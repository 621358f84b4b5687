"""Adapters for the federal and commercial data services used to verify applications.

Each service is a `typing.Protocol` (the real interface) with a `Simulated...` implementation
that gives deterministic answers for documented test identities. `services()` returns the set
chosen by settings.MARKETPLACE_DATA_SERVICES ("simulated" is the default and, until a Federal
Data Services Hub connection is contracted, the only choice). See
docs/adr/0700-notices-and-verification.md.
"""
