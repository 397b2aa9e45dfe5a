"""The per-wrapper state: one list holding the chunk and every cached value.

Why a list with marks rather than a slot per property: an unset slot as the
"not computed yet" mark (functools.cached_property, a ``__getattr__``
fallback, try/except AttributeError) pays for a raise on every first read,
and storing into a frozen slot is an object.__setattr__ call. Construction
and one first read: ~210 ns with the list, ~440 with a slot holding a mark,
~950 with an unset slot (micro case "lazy-marks"). A repeated read is a
property call, a slot load, an index and an ``is``: 1.2 to 1.5x a plain
property returning a slot (micro case "cached-read"; W3).
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

_T = TypeVar("_T")
_S = TypeVar("_S")


class _Mark:
    """A cache slot's state when it holds no value (a cached value can be None)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"<{self._name.lower()}>"

    def __reduce__(self) -> str:
        return self._name  # unpickles as this module's singleton


UNSET: Any = _Mark("UNSET")
"""Not computed yet."""

GENERAL: Any = _Mark("GENERAL")
"""Left by a fast scan that met a shape it does not trust: the property
asks the general path in ``_chat/read.py`` instead.

The scan's contract, for ``_scan`` in ``_chat/openai.py`` and ``_chat/dict.py``: one
pass over a chunk (a function per part: ~250 ns more a chunk in calls
alone, micro case "scan") fills FINISH_REASONS, AUDIO_OBJECT, USAGE_OBJECT
and the three token counts, each slot with a checked value, None where the chunk has none, or
GENERAL; it may answer AUDIO and AUDIO_TRANSCRIPT too (None, when there is no
audio). It never raises: whatever an odd object raises leaves GENERAL, and the
general path reads the field again and names the problem."""


def int_or_general(value: Any) -> Any:
    """A token count as the fast scans keep it: an int, None, or GENERAL for anything else."""
    return value if value is None or type(value) is int else GENERAL


# Where each value lives in a wrapper's cache list: the chunk first, then
# the values a stream consumer reads on every chunk, then RARE: a second
# list, made on first use, for the values read now and then. Keeping those seven out of the
# first list saves 56 bytes a wrapper (W7: ~290 -> ~240).
(
    CHUNK,
    CONTENT,
    FINISH_REASONS,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    CACHED_TOKENS,
    AUDIO,
    AUDIO_TRANSCRIPT,
    USAGE_OBJECT,
    AUDIO_OBJECT,
    RARE,
) = range(11)  # the unpacking fails at import if the count is wrong
SIZE = RARE + 1

(
    COST_METADATA,
    COMMON_FINISH_REASONS,
    COMMON_USAGE,
    REASONING,
    REFUSAL,
    TOOL_CALLS,
    REASONING_TOKENS,
) = range(7)
RARE_SIZE = REASONING_TOKENS + 1

# The stream-event wrappers (_anthropic/wrapper.py, _responses/wrapper.py) share the list's
# layout, so that cached() serves them too; an event carries no audio, so
# they keep in those three slots the values a stream of events reads on
# every event instead.
EVENT_REASONING, EVENT_REFUSAL, EVENT_TOOL_CALLS = AUDIO, AUDIO_TRANSCRIPT, AUDIO_OBJECT


def cached(index: int) -> Callable[[Callable[[_S], _T]], Callable[[_S], _T]]:
    """Keep the getter's value at ``index`` of the wrapper's RARE list; use under ``@property``.

    Stacked as ``@property`` over ``@cached(i)`` so that type checkers see a
    plain property; at run time it is one property around one closure (a
    Python-level ``__get__`` descriptor class: ~98 ns a repeated read against
    ~84, micro case "rare-read").
    """

    def decorate(compute: Callable[[_S], _T]) -> Callable[[_S], _T]:
        def read(self: Any) -> _T:
            cache = self._cache
            rare = cache[RARE]
            if rare is UNSET:
                # Two threads may both make one: each computes the same
                # values, so a lost list costs time, never a wrong answer.
                rare = cache[RARE] = [UNSET] * RARE_SIZE
            value = rare[index]
            if value is UNSET:
                value = rare[index] = compute(self)
            return value  # type: ignore[no-any-return]

        return _named_like(read, compute)

    return decorate


def kept(index: int) -> Callable[[Callable[[_S], _T]], Callable[[_S], _T]]:
    """Keep the getter's value at ``index`` of the wrapper's own list; use under
    ``@property``, as :func:`cached`. For wrappers whose values each come from
    a read of their own rather than from one scan (the stream events: each
    event type carries one or two of them).
    """

    def decorate(compute: Callable[[_S], _T]) -> Callable[[_S], _T]:
        def read(self: Any) -> _T:
            value = self._cache[index]
            if value is UNSET:
                value = self._cache[index] = compute(self)
            return value  # type: ignore[no-any-return]

        return _named_like(read, compute)

    return decorate


def scanned(index: int) -> Callable[[Callable[[_S], _T]], Callable[[_S], _T]]:
    """Answer from the fast scan's slot ``index``, running the scan on the
    first read; where the scan left GENERAL, from the getter (the general path).
    Use under ``@property``, as :func:`cached`.

    The scan and the getter are called from here directly: through a shared
    helper method the first read would cost one call more (~23 ns, micro
    case "call-and-key"). A repeated read loads one slot and one item and
    makes two tests; the list goes in a local only on the first read (~3 ns
    a read less, micro case "read-local").
    """

    def decorate(general: Callable[[_S], _T]) -> Callable[[_S], _T]:
        def read(self: Any) -> _T:
            value = self._cache[index]
            if value is UNSET:
                cache = self._cache
                self._scan(cache[CHUNK], cache)
                value = cache[index]
            if value is GENERAL:
                value = self._cache[index] = general(self)
            return value  # type: ignore[no-any-return]

        return _named_like(read, general)

    return decorate


def _named_like(read: Callable[[Any], _T], getter: Callable[[_S], _T]) -> Callable[[_S], _T]:
    read.__name__ = getter.__name__
    read.__qualname__ = getter.__qualname__
    read.__doc__ = getter.__doc__
    return read
