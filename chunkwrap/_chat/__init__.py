"""The Chat Completions format (openai's ``ChatCompletionChunk`` and every
OpenAI-compatible server): the wrappers (``openai.py`` for SDK chunks,
``dict.py`` for parsed JSON, ``wrapper.py`` for what they share), the general
read path (``read.py``), a choice as the fold builds it (``choice.py``), the
fields the fold keeps without reading (``extra.py``) and what marks its chunks
(``spec.py``). The fold itself is ``StreamAccumulator``'s own, inline
(``_accumulate.py``)."""
