"""`vchain check`: validate and analyze under a policy, for CI.

``policy`` reads `.vchain.yaml` (fail_on, rules off or re-graded, per-file globs),
``suppress`` applies `# vchain: ignore` comments, ``baseline`` records known findings, and
``run`` puts them together over files.
"""
