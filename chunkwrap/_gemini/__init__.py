"""The Gemini format (Google AI and Vertex AI ``GenerateContentResponse``
chunks): its wrapper (``wrapper.py``), the part readers it and the fold share
(``parts.py``), its fold (``fold.py``) and what marks its chunks (``spec.py``)."""
