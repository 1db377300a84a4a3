"""veil: a local privacy gateway for AI coding assistants."""

__version__ = "0.1.0"
