"""Notices: written notices in the person's language, as PDFs in the account's message center
and, for people who chose paper, printed and mailed (45 CFR 155.230)."""
