"""The command line: `vchain` and its commands."""

from __future__ import annotations

from vchain.cli.main import main

__all__ = ["main"]
