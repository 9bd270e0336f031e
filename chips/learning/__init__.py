"""The learned layer over the rules: a small linear claim filter (issue 10).

`features` turns a candidate claim (what the rules produced, with the sentence they
read it from) into named features; `claim_filter` scores them with the committed
coefficients (chips/lexicons/claim_filter.json, pure Python, no scikit-learn at run
time) and drops the claims the rules most often get wrong; `train` (`make train`) fits
those coefficients from the labelled sets, reproducibly.
"""
