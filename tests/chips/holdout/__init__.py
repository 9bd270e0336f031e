"""The held-out set: labelled articles written apart from the lexicon's tuning.

Same format as tests/chips/devset/ (`articles/*.json`, `conflicts.json`; loaded and
scored by the functions there, with `devset.HOLDOUT` as the folder). Fourteen short
stories in the style of wire services, trade press and two Chinese outlets: earnings,
HBM supply, packaging capacity, export licences, Chinese accelerators, cloud chips,
with denials, hedges, attributions and bystanders. Labels also carry the `origin`
the claim is attributed to (null when unattributed or anonymous), scored separately.
Do not tune the lexicon to these sentences: fix general rules, then measure here.
"""
