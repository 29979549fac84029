"""`vchain fmt`: the canonical layout of a chain file, comments kept, written atomically.

``formatter`` is the entry point: a fast path over libyaml events (``eventtree`` reads
the tree, ``gaps`` the comments between its leaves, ``fastfmt`` writes the layout),
ruamel.yaml's round trip in ``canonical`` and ``comments`` as the fallback, and
``verify`` to check either result (same data, every comment, idempotent) before it is
used; ``textdiff`` prints what `--check` would change; ``atomic`` writes files safely.
"""
