"""`vchain fmt`: the canonical layout of a chain file, comments kept, written atomically.

``formatter`` is the entry point (a fast path over libyaml events in ``eventtree`` and
``fastfmt``, ruamel.yaml's round trip in ``canonical`` and ``comments`` as the fallback);
``textdiff`` prints what `--check` would change; ``atomic`` writes files safely.
"""
