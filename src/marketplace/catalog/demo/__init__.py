"""The demo catalog: a seeded, deterministic generator of PUF-format files (generator.py)
for MA, VT and NC, plan years 2025 and 2026, loaded through the importer by `load-demo`."""
