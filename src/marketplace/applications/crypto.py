"""Moved to marketplace.core.crypto (one field-encryption helper for SSNs and TOTP secrets).

This name is kept so `from marketplace.applications import crypto` keeps working; new code
imports marketplace.core.crypto.
"""

from marketplace.core.crypto import decrypt, encrypt

__all__ = ["decrypt", "encrypt"]
