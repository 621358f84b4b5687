"""gunicorn's access log without live tokens: `marketplace serve` runs gunicorn with
`--logger-class marketplace.core.gunicorn_logging.RedactingLogger`.

The request line, path, query string and Referer (a page opened from a reset link sends it
with every image and style sheet it loads) go through core/redact.py, so a password-reset
or e-mail-verification link in the log reads /account/password/reset/[redacted]/[redacted]/.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from marketplace.core.redact import redact_query, redact_url


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        raw = environ.get("RAW_URI", "")
        atoms["r"] = f"{atoms.get('m')} {redact_url(raw)} {environ.get('SERVER_PROTOCOL')}"
        atoms["U"] = redact_url(atoms.get("U") or "")
        atoms["q"] = redact_query(atoms.get("q") or "")
        for key in ("f", "{referer}i"):
            if atoms.get(key) not in (None, "-"):
                atoms[key] = redact_url(atoms[key])
        return atoms
