"""`veil scan`: sources (files, git diffs, history, stdin), suppressions, baselines, reports."""
