"""Rules the loader applies while reading a file; documented here for `vchain rules`."""

from __future__ import annotations

from vchain.rules.base import described

YAML_SYNTAX = described(
    "VC001",
    "yaml-syntax",
    "error",
    "schema",
    """The file is valid YAML, one document.

    A syntax error stops the reading of the file: vchain exits with 2.

    Passing::

        partners:
          grower: {name: Growers, type: transactional}

    Failing::

        partners:
          grower: {name: Growers, type: transactional
    """,
)
DUPLICATE_KEY = described(
    "VC002",
    "duplicate-key",
    "error",
    "schema",
    """A key appears once in its mapping.

    YAML forbids duplicate keys; most tools silently keep one of them. vchain reports each
    duplicate and exits with 2.

    Passing::

        partners:
          grower: {name: Growers, type: transactional}

    Failing::

        partners:
          grower: {name: Growers, type: transactional}
          grower: {name: Other growers, type: transactional}
    """,
)
REFUSED = described(
    "VC003",
    "unreadable-file",
    "error",
    "schema",
    """The file can be read safely: UTF-8 text, not empty, within the limits.

    vchain refuses, with exit code 2, a file that is missing, binary, not UTF-8, empty,
    larger than 16 MiB, nested deeper than 64 levels, with more than 1,000,000 YAML nodes,
    whose aliases expand to more than 100,000 nodes (an "alias bomb"), or with a whole
    number of more than 100 digits.

    Passing::

        vchain: 1

    Failing::

        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
    """,
)
UNKNOWN_KEY = described(
    "VC010",
    "unknown-key",
    "error",
    "schema",
    """Every key is one the format knows; a misspelt key is never silently dropped.

    The message suggests the closest known key.

    Passing::

        partners:
          grower: {name: Growers, type: transactional, capacity: 60 t/yr}

    Failing::

        partners:
          grower: {name: Growers, type: transactional, capcity: 60 t/yr}
    """,
)
MISSING_KEY = described(
    "VC011",
    "missing-key",
    "error",
    "schema",
    """Required keys are present; the finding points at the mapping that lacks one.

    Passing::

        partners:
          grower: {name: Growers, type: transactional}

    Failing::

        partners:
          grower: {name: Growers}
    """,
)
INVALID_VALUE = described(
    "VC012",
    "invalid-value",
    "error",
    "schema",
    """Every value has the type and form the format gives it.

    Ids are lowercase slugs, quantities are "25 t/yr" or {amount: 25, unit: t/yr}, booleans
    are true or false, vocabularies (partner types, stages, flow kinds, capitals, causes,
    forms and statuses) are one of their words, capital effects are whole numbers from -3 to
    +3, a bottleneck has a `cause`, a shared interest names two or more partners.

    Passing::

        partners:
          grower: {name: Growers, type: transactional, local: true, capacity: 60 t/yr}

    Failing::

        partners:
          grower: {name: Growers, type: transactionl, local: yes, capacity: lots}
    """,
)
FORMAT_VERSION = described(
    "VC013",
    "format-version",
    "error",
    "schema",
    """The file says which format it is written in: `vchain: 1`.

    Passing::

        vchain: 1

    Failing::

        vchain: 2
    """,
)

LOADER_RULES = (
    YAML_SYNTAX,
    DUPLICATE_KEY,
    REFUSED,
    UNKNOWN_KEY,
    MISSING_KEY,
    INVALID_VALUE,
    FORMAT_VERSION,
)
