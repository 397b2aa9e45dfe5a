"""``CallResponseChunk``: the provider-agnostic view of any protocol implementation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

if TYPE_CHECKING:
    from ..protocol import BaseCallResponseChunk
    from .values import CostMetadata, FinishReason, Usage

_ChunkT = TypeVar("_ChunkT")


@attrs.frozen(init=False, weakref_slot=False)
class CallResponseChunk(Generic[_ChunkT]):
    """Mirascope's ``llm.CallResponseChunk``: common names over any provider's wrapper.

    ``finish_reasons``, ``usage`` and ``cost_metadata`` are the wrapped
    object's provider-agnostic ``common_finish_reasons``, ``common_usage``
    and ``cost_metadata``; the other protocol members delegate; any other
    name falls through to the wrapped object (``.audio``, ``.reasoning``...).
    """

    response: BaseCallResponseChunk[_ChunkT, Any]

    def __init__(self, response: BaseCallResponseChunk[_ChunkT, Any]) -> None:
        # One store through the slot's descriptor: attrs' generated frozen
        # __init__ binds object.__setattr__ first (construction ~215 -> ~145 ns,
        # micro case "agnostic-construct").
        _set_response(self, response)

    def __str__(self) -> str:
        return self.response.content

    def __getattr__(self, name: str) -> Any:
        # Only reached for names this class does not define. Dunder and
        # private names are not forwarded, so copy and pickle see a plain
        # object while `response` is still unset.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.response, name)

    @property
    def chunk(self) -> _ChunkT:
        return self.response.chunk

    @property
    def content(self) -> str:
        return self.response.content

    @property
    def finish_reasons(self) -> list[FinishReason] | None:
        return self.response.common_finish_reasons

    @property
    def model(self) -> str | None:
        return self.response.model

    @property
    def id(self) -> str | None:
        return self.response.id

    @property
    def usage(self) -> Usage | None:
        return self.response.common_usage

    @property
    def input_tokens(self) -> int | float | None:
        return self.response.input_tokens

    @property
    def cached_tokens(self) -> int | float | None:
        return self.response.cached_tokens

    @property
    def output_tokens(self) -> int | float | None:
        return self.response.output_tokens

    @property
    def cost_metadata(self) -> CostMetadata:
        return self.response.cost_metadata

    @property
    def common_finish_reasons(self) -> list[FinishReason] | None:
        return self.response.common_finish_reasons

    @property
    def common_usage(self) -> Usage | None:
        return self.response.common_usage


_set_response = CallResponseChunk.__dict__["response"].__set__
