"""The demo catalog: a seeded, deterministic generator of PUF-format files (generator.py)
for MA, VT and NC, plan years 2025, 2026 and 2027, loaded through the importer by `load-demo`."""
