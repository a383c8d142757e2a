"""vanban: Vietnamese official documents from data."""

__version__ = "0.1.0"
