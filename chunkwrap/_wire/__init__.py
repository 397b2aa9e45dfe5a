"""The wire: the sans-IO event-stream decoder (``sse.py``, which depends on
the errors alone), the reader above it that turns events into wrappers
(``reader.py``, asking ``_formats`` which format each is), its async
front-end (``areader.py``), what a body with no events looks like
(``unframed.py``) and the default JSON decoder (``jsonscan.py``)."""
