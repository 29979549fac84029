"""The command line: `vchain` and its commands."""

from __future__ import annotations

import os

# vchain uses no pydantic plugins; looking for them costs start-up time on every run.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from vchain.cli.main import main

__all__ = ["main"]
