"""A second held-out set, written after the extraction rules were tuned on the holdout.

Same format as tests/chips/devset/. Measured once with the old and the new rules and
never tuned on, so its figures are the honest estimate of generalisation; once rules
are tuned to it, write another. Seven stories (one Chinese), 48 labelled claims.
"""
