"""Mijn werk panels of the meetings (registered from OverlegConfig.ready)."""
