"""Start-up stays light: the heavy libraries load only in the commands that need them."""

from __future__ import annotations

import subprocess
import sys


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_cli_loads_neither_networkx_nor_graphviz() -> None:
    loaded = modules_after("import vchain.cli, vchain.cli.app")
    assert "vchain.cli.app" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("networkx", "graphviz", "ruamel")}


def test_validate_does_not_load_the_analysis_libraries(tmp_path: object) -> None:
    loaded = modules_after(
        "from vchain.cli.main import main; main(['validate', 'examples/tomato-soup.chain.yaml'])"
    )
    assert "vchain.loading.loader" in loaded
    assert "networkx" not in loaded
    assert "graphviz" not in loaded
