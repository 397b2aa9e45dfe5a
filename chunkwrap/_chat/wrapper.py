"""What both Chat Completions chunk wrappers share: storage, the cache, and the derived answers.

Every property but three is defined here. The subclasses (``_chat/openai.py``
for SDK objects, ``_chat/dict.py`` for parsed JSON) write what depends on the
shape: ``content``, ``_scan`` (one fast pass for the other values read on
every chunk), and the plain reads of ``model`` and ``id``. Anything a fast
path does not trust goes to the general path in ``_chat/read.py``, which reads
every shape and names a bad field.

A new property: its reading in ``_chat/read.py``; here, ``@property`` over
``@cached(NAME)``, with NAME added to the RARE indices in ``_core/lazy.py``;
its name in ``tests/helpers.PROPERTIES``, which every comparison, the
caching test and the Mirascope oracle read. (A member of the protocol is
added in ``protocol.py`` too; ``MEMBERS`` follows; each other format's
``wrapper.py`` answers it, and ``tests/test_registry.py``'s
``PROTOCOL_MEMBERS`` asks every format in the registry for it.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._core import read as _read
from .._core.lazy import (
    AUDIO,
    AUDIO_OBJECT,
    AUDIO_TRANSCRIPT,
    CACHED_TOKENS,
    COMMON_FINISH_REASONS,
    COST_METADATA,
    FINISH_REASONS,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    REASONING,
    REASONING_TOKENS,
    REFUSAL,
    TOOL_CALLS,
    UNSET,
    USAGE_OBJECT,
    cached,
    scanned,
)
from .._core.view import LazyView, value_types
from . import read as chat_read

if TYPE_CHECKING:
    from .._core.values import CostMetadata, FinishReason


_ChunkT = TypeVar("_ChunkT")


# eq, getstate_setstate and repr False: keep LazyView's equality and hash
# (the chunk), pickling (the chunk only) and repr; not generating them
# again saves ~0.1 ms of import per class (W6, ``python -X importtime``).
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class ChunkWrapper(LazyView[_ChunkT]):
    """A lazy, caching view of one streamed chat-completion chunk."""

    # content is read on every chunk and alone by many consumers, so each
    # subclass computes it inline for its shape. The other values a stream
    # consumer reads on every chunk come from one pass, _scan, also written
    # per shape: one walk over choices and usage instead of one per property.

    if TYPE_CHECKING:
        # Written by each subclass for its shape.
        def _scan(self, chunk: Any, cache: list[Any]) -> None:
            """Fill FINISH_REASONS, AUDIO_OBJECT, USAGE_OBJECT and the three
            token counts with checked values, or GENERAL where the shape is not
            the one the fast path trusts."""

        @property
        def content(self) -> str: ...
        @property
        def model(self) -> str | None: ...
        @property
        def id(self) -> str | None: ...

    @property
    @scanned(FINISH_REASONS)
    def finish_reasons(self) -> list[str]:
        """Every choice's ``finish_reason``, in order, skipping None and "" (Ollama)."""
        return chat_read.finish_reasons(self.chunk)

    @property
    @scanned(USAGE_OBJECT)
    def usage(self) -> Any:
        """The chunk's own usage object (Groq: ``x_groq.usage``), or None."""
        return chat_read.usage(self.chunk)

    @property
    @scanned(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """``usage.prompt_tokens``, else None."""
        return chat_read.input_tokens(self.chunk)

    @property
    @scanned(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """``usage.completion_tokens``, else None."""
        return chat_read.output_tokens(self.chunk)

    @property
    @scanned(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``usage.prompt_tokens_details.cached_tokens``, else DeepSeek's
        ``prompt_cache_hit_tokens``, else None."""
        return chat_read.cached_tokens(self.chunk)

    # audio and audio_transcript are written out rather than @cached: both
    # are read on every chunk, and their slots are the scan's, which answers
    # them as None for a chunk without audio (see _chat/dict.py's scan), so the
    # usual first read is a cache hit.

    @property
    @scanned(AUDIO_OBJECT)
    def _audio_object(self) -> Any:
        """The first delta's audio object, or None."""
        return chat_read.first_audio(self.chunk)

    @property
    def audio(self) -> bytes | None:
        """``choices[0].delta.audio.data``, base64-decoded once; else None."""
        value = self._cache[AUDIO]
        if value is UNSET:
            cache = self._cache
            found = self._audio_object
            if found is not None:
                path = "choices[0].delta.audio.data"
                value = chat_read.decode_audio(_read.text(found, "data", path), path)
            else:
                value = None
            cache[AUDIO] = value
        return value  # type: ignore[no-any-return]

    @property
    def audio_transcript(self) -> str | None:
        """``choices[0].delta.audio.transcript``, else None."""
        value = self._cache[AUDIO_TRANSCRIPT]
        if value is UNSET:
            cache = self._cache
            found = self._audio_object
            if found is not None:
                value = _read.text(found, "transcript", "choices[0].delta.audio.transcript")
            else:
                value = None
            cache[AUDIO_TRANSCRIPT] = value
        return value  # type: ignore[no-any-return]

    @property
    @cached(REASONING_TOKENS)
    def reasoning_tokens(self) -> int | None:
        """``usage.completion_tokens_details.reasoning_tokens``, else None."""
        return chat_read.reasoning_tokens(self.chunk)

    @property
    @cached(REASONING)
    def reasoning(self) -> str:
        """``delta.reasoning_content`` or ``delta.reasoning``; "" when none."""
        return chat_read.reasoning(self.chunk)

    @property
    @cached(REFUSAL)
    def refusal(self) -> str:
        """``delta.refusal``; "" when none."""
        return chat_read.refusal(self.chunk)

    @property
    @cached(TOOL_CALLS)
    def tool_calls(self) -> list[Any]:
        """The first delta's tool-call fragments as sent; [] when none."""
        return chat_read.tool_calls(self.chunk)

    @property
    def system_fingerprint(self) -> str | None:
        return _read.text(self.chunk, "system_fingerprint", "system_fingerprint")

    @property
    def service_tier(self) -> str | None:
        return _read.text(self.chunk, "service_tier", "service_tier")

    @property
    def created(self) -> int | None:
        return _read.count(self.chunk, "created", "created")

    @property
    @cached(COST_METADATA)
    def cost_metadata(self) -> CostMetadata:
        """Token counts for pricing, and the provider's own ``usage.cost`` (OpenRouter)."""
        metadata: CostMetadata = value_types().CostMetadata(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cached_tokens=self.cached_tokens,
            cost=chat_read.cost(self.chunk),
        )
        return metadata

    @property
    @cached(COMMON_FINISH_REASONS)
    def common_finish_reasons(self) -> list[FinishReason]:
        """``finish_reasons`` with the legacy ``function_call`` as ``tool_calls``."""
        reasons: list[FinishReason] = value_types().common_finish_reasons(self.finish_reasons)
        return reasons
