"""`vchain init`: a new chain file from a template (``templates/*.yaml``), never overwriting."""
