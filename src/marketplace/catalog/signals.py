"""Hooks the catalog offers to the apps above it."""

from django.dispatch import Signal

#: Sent by `marketplace load-demo` after the demo catalog is imported, with
#: `directories` ({plan year: the directory of that year's generated PUF files}). Apps
#: above the catalog connect to it to load their own demo data for the same plans.
demo_catalog_loaded = Signal()
