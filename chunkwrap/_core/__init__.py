"""The reading core, which knows no format: how any object is read and checked
(``read.py``), plain JSON copies (``plain.py``), text (``text.py``), the value types
(``values.py``), the errors (``errors.py``, ``server.py``), the lazy view and
its cache (``view.py``, ``lazy.py``), what the event formats' wrappers and
folds share (``event.py``, ``event_fold.py``), the provider-agnostic wrapper
(``agnostic.py``) and the partial JSON parser (``partial.py``)."""
