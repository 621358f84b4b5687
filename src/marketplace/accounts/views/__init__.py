"""Account pages: one module per flow."""
