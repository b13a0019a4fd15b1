"""Proximity Desk: the hate-incident Local Action Plan at the station workstation."""

__version__ = "0.1.0"
