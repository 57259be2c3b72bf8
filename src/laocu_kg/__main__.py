"""``python -m laocu_kg`` runs the command-line interface."""

from laocu_kg.cli import app

app(prog_name="laocu-kg")
