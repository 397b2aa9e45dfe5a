"""The Anthropic Messages format: its event wrapper (``wrapper.py``), its fold
(``fold.py``) and what marks its events (``spec.py``)."""
