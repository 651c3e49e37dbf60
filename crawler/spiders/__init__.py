"""Spiders: one per way of finding coverage."""
