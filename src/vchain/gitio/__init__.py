"""Chain files in git: canonical formatting, revisions, diffs, policies and baselines.

This layer sits above the reporters and the analysis and below the cli: the commands
`vchain fmt`, `check`, `diff` and `init` are thin wrappers around its functions.
"""
