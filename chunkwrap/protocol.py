"""The structural interface every response-chunk wrapper satisfies.

It stands in for Mirascope v1's generic ``BaseCallResponseChunk`` base class:
a class from any SDK that has these members takes part, inheriting nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from ._core.values import CostMetadata, FinishReason, Usage

_ChunkT_co = TypeVar("_ChunkT_co", covariant=True)
# Invariant: it is the element type of a list, which is invariant.
_FinishReasonT = TypeVar("_FinishReasonT")


_STATIC_CHECKED: dict[str, type] = {}


class _StaticProtocolMeta(type(Protocol)):  # type: ignore[misc]
    """Checks members without reading them.

    Before Python 3.12, ``isinstance`` against a runtime protocol calls
    ``hasattr``, which would run every lazy property (and let a ChunkError
    from a malformed chunk escape). Looking the names up on the type and the
    instance's own storage answers the same question without running anything.
    """

    def __instancecheck__(cls, instance: object) -> bool:
        if cls is not _STATIC_CHECKED.get("protocol"):
            return super().__instancecheck__(instance)  # type: ignore[no-any-return]
        own: dict[str, object] = getattr(instance, "__dict__", None) or {}
        return all(name in own or any(name in vars(k) for k in type(instance).__mro__) for name in MEMBERS)


@runtime_checkable
class BaseCallResponseChunk(Protocol[_ChunkT_co, _FinishReasonT], metaclass=_StaticProtocolMeta):
    """A streamed response chunk, seen the way Mirascope v1 sees it."""

    @property
    def chunk(self) -> _ChunkT_co: ...

    @property
    def content(self) -> str: ...

    @property
    def finish_reasons(self) -> list[_FinishReasonT] | None: ...

    @property
    def model(self) -> str | None: ...

    @property
    def id(self) -> str | None: ...

    @property
    def usage(self) -> Any: ...

    @property
    def input_tokens(self) -> int | float | None: ...

    @property
    def cached_tokens(self) -> int | float | None: ...

    @property
    def output_tokens(self) -> int | float | None: ...

    @property
    def cost_metadata(self) -> CostMetadata: ...

    @property
    def common_finish_reasons(self) -> list[FinishReason] | None: ...

    @property
    def common_usage(self) -> Usage | None: ...


_STATIC_CHECKED["protocol"] = BaseCallResponseChunk

MEMBERS = tuple(name for name, value in vars(BaseCallResponseChunk).items() if isinstance(value, property))
"""The protocol's members, in order: written once, as the properties above."""
