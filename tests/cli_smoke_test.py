from __future__ import annotations

from conftest import EXAMPLES


def test_examples_validate_clean(cli) -> None:
    for example in EXAMPLES:
        result = cli("validate", example, "--fail-on", "info")
        assert "No problems" in result.stdout, str(result)
