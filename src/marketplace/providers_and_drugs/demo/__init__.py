"""Demo provider and formulary files for the demo catalog's issuers (see generator.py)."""
