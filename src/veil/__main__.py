"""`python -m veil`."""

from veil.cli.main import app

app()
