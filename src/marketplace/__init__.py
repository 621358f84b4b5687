"""Marketplace: an open-source state health insurance exchange."""
