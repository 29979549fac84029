"""Rules of the chain file: each a stable id, a severity, and a documented check."""
