"""The OpenAI Responses format: its event wrapper (``wrapper.py``), its fold
(``fold.py``, with its output items in ``item.py``) and what marks its events
(``spec.py``)."""
