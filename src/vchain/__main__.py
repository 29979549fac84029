"""`python -m vchain`."""

from vchain.cli.main import run

run()
