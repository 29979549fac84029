"""A team's policy for `vchain check`, kept in a `.vchain.yaml` next to the chain files.

    # .vchain.yaml
    fail_on: warning            # the default of --fail-on
    rules:
      VC055: off                # switch a rule off (by id ...)
      partner-without-interests: info   # (... or by name) and change a severity
    overrides:
      - files: ["drafts/**", "*.draft.chain.yaml"]
        rules:
          VC050: off

`vchain check` uses the first `.vchain.yaml` found in the chain file's folder or above
it, up to the root of the git repository (or of the file system).  Globs in
`overrides` are relative to the policy's folder; `*` stays within a folder, `**`
crosses folders, and a pattern without a `/` matches the file name in any folder.
Later overrides win over earlier ones, and every override over the top-level `rules`.
Problems that keep a file from being read at all cannot be switched off.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vchain.findings import Finding, Severity

POLICY_NAME = ".vchain.yaml"
SETTINGS = ("off", "error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
TOP_KEYS = ("fail_on", "rules", "overrides")
OVERRIDE_KEYS = ("files", "rules")


class PolicyError(Exception):
    """A policy file that cannot be used (exit 2); the message says where and why."""


@dataclass(frozen=True)
class Override:
    patterns: tuple[str, ...]
    rules: dict[str, str]

    def matches(self, relative: str) -> bool:
        return any(glob_match(p, relative) for p in self.patterns)


@dataclass
class Policy:
    """Severity settings by rule id ("off" switches a rule off), globally and per file."""

    path: Path | None = None
    fail_on: str | None = None
    rules: dict[str, str] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)

    def setting(self, rule: str, file: str) -> str | None:
        """ "off", a severity, or None (the rule's own severity) for ``rule`` in ``file``."""
        found = self.rules.get(rule)
        relative = self._relative(file)
        for override in self.overrides:
            if relative is not None and rule in override.rules and override.matches(relative):
                found = override.rules[rule]
        return found

    def _relative(self, file: str) -> str | None:
        if self.path is None:
            return Path(file).as_posix()
        relative = os.path.relpath(os.path.abspath(file), self.path.parent.resolve())
        return None if relative.startswith("..") else Path(relative).as_posix()

    def apply(self, findings: list[Finding]) -> list[Finding]:
        """The findings with severities changed and switched-off rules dropped."""
        out: list[Finding] = []
        for f in findings:
            setting = None if f.fatal else self.setting(f.rule, f.file)
            if setting == "off":
                continue
            out.append(f.with_severity(_severity(setting)) if setting else f)
        return out


def _severity(setting: str) -> Severity:
    if setting == "error":
        return "error"
    if setting == "warning":
        return "warning"
    return "info"


# -- globs ------------------------------------------------------------------------------


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """``*`` within a folder, ``**`` across folders, ``?`` one character."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, relative: str) -> bool:
    pattern = pattern.removeprefix("./")
    if "/" not in pattern:
        relative = relative.rsplit("/", 1)[-1]
    return glob_to_regex(pattern).match(relative) is not None


# -- finding and reading a policy ----------------------------------------------------------


def find_policy(chain_file: str | os.PathLike[str]) -> Path | None:
    """The nearest `.vchain.yaml` from the file's folder up to the git root (or /)."""
    folder = Path(os.path.abspath(chain_file)).parent
    while True:
        candidate = folder / POLICY_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def load_policy(path: Path) -> Policy:
    """Read and check a policy file; PolicyError says what is wrong, with its line."""
    from vchain.loading.yamlfast import Limits, YamlRefused, read_yaml

    try:
        text = path.read_text(encoding="utf-8")
        loaded = read_yaml(text, Limits(max_bytes=1024 * 1024)) if text.strip() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read the policy: {exc}") from None
    except YamlRefused as exc:
        raise PolicyError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    if loaded is not None and loaded.issues:  # a duplicate key: which value was meant?
        issue = loaded.issues[0]
        message = issue.message.removesuffix("; the first value is kept")
        raise PolicyError(f"{path}:{issue.line}:{issue.column}: {message}; write each key once")
    return parse_policy(loaded.data if loaded is not None else {}, path)


def parse_policy(data: Any, path: Path | None = None) -> Policy:
    where = str(path or POLICY_NAME)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"{where}: a policy is a mapping with the keys {', '.join(TOP_KEYS)}")
    _known_keys(data, TOP_KEYS, where)
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise PolicyError(f"{where}: fail_on is one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    overrides = data.get("overrides") or []
    if not isinstance(overrides, list):
        raise PolicyError(f"{where}: overrides is a list of {{files, rules}}")
    return Policy(
        path=path,
        fail_on=fail_on,
        rules=_rules(data.get("rules"), where),
        overrides=[_override(item, f"{where}: overrides[{i}]") for i, item in enumerate(overrides)],
    )


def _known_keys(data: dict[Any, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(known)}"
            raise PolicyError(f"{where}: unknown key `{key}`{hint}")


def _override(item: Any, where: str) -> Override:
    if not isinstance(item, dict):
        raise PolicyError(f"{where}: an override is a mapping with files and rules")
    _known_keys(item, OVERRIDE_KEYS, where)
    files = item.get("files")
    if isinstance(files, str):
        files = [files]
    if not files or not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise PolicyError(f"{where}: files is a glob or a list of globs")
    return Override(tuple(files), _rules(item.get("rules"), where))


def _rules(block: Any, where: str) -> dict[str, str]:
    from vchain.rules.registry import RULES

    if block is None:
        return {}
    if not isinstance(block, dict):
        raise PolicyError(f"{where}: rules maps rule ids or names to off, error, warning or info")
    by_name = {rule.name: rule.id for rule in RULES.values()}
    out: dict[str, str] = {}
    for key, value in block.items():
        rule_id = str(key).upper() if str(key).upper() in RULES else by_name.get(str(key))
        if rule_id is None:
            options = [*RULES, *by_name]
            close = difflib.get_close_matches(str(key), options, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else " (see `vchain rules`)"
            raise PolicyError(f"{where}: unknown rule `{key}`{hint}")
        setting = "off" if value is False else value
        if setting not in SETTINGS:
            raise PolicyError(
                f"{where}: `{key}` is set to {value!r}; use off, error, warning or info"
            )
        out[rule_id] = setting
    return out


class PolicyCache:
    """Policies by file: found once per folder, read once per policy file."""

    def __init__(self, explicit: Path | None = None, *, enabled: bool = True) -> None:
        self.explicit = load_policy(explicit) if explicit is not None else None
        self.enabled = enabled
        self.read: dict[Path, Policy] = {}

    def for_file(self, chain_file: str | os.PathLike[str]) -> Policy:
        if self.explicit is not None:
            return self.explicit
        if not self.enabled:
            return Policy()
        found = find_policy(chain_file)
        if found is None:
            return Policy()
        if found not in self.read:
            self.read[found] = load_policy(found)
        return self.read[found]
