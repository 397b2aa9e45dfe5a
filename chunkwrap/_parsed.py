"""The fold's parsed values: ``StreamAccumulator.parsed_arguments`` and ``parsed_content``.

Computed on read, never when a chunk is added: each read feeds a
:class:`PartialJSON` per tool call only the fragments that came since the
last read, from the live lists the folds append them to, so a stream read
after every chunk costs in total a constant times its text, and one never
read partially costs nothing more.
"""

from __future__ import annotations

from typing import Any

from ._core.errors import ChunkError
from ._core.partial import PartialJSON
from ._core.text import SURROGATE, paired


class _Feed:
    """A PartialJSON fed from a live list of text fragments, only what came since the last read.

    ``_core.text.joined()`` may have collapsed the list into one string since
    (a read of ``tool_calls`` or ``content``): the first fragment is no
    longer the one fed, and the rest of that string is fed from where the
    parser stopped.
    """

    __slots__ = ("count", "error", "fed", "first", "held", "last", "parser", "parts", "surrogates")

    def __init__(self, parts: list[str], parser: PartialJSON | None = None) -> None:
        self.parts = parts
        # Its own parser, or one it shares with the feeds of the texts before it
        # (an event fold's content: its text blocks one after another).
        self.parser = PartialJSON() if parser is None else parser
        self.count = 0  # how many of the fragments were fed
        self.fed = 0  # how many characters
        self.first: str | None = None  # the first and last fragments fed, to see a collapse
        self.last: str | None = None
        self.surrogates = False  # whether a fragment fed had a surrogate that joined() may pair
        self.held = ""  # a high surrogate that ended the text fed, for the low one that may follow
        self.error: ChunkError | None = None

    def read(self, position: int, shared: bool = False) -> Any:
        """The value of the fragments so far (at least one); ``position`` is
        the call's in ``tool_calls`` (-1: the content), for an error; a
        ``shared`` parser is read again from the start where it must be."""
        if self.error is not None:
            raise ChunkError(_path(position), self.error.problem)
        parts = self.parts
        count = self.count
        try:
            if count and (
                len(parts) < count or parts[0] is not self.first or parts[count - 1] is not self.last
            ):
                if self.surrogates:
                    # joined() paired the surrogates of two fragments: what was
                    # fed is not a prefix of the string any more (rare: a server
                    # that splits a character's escape over two chunks).
                    if shared:
                        raise _Restart
                    self.parser, self.fed, self.surrogates, self.held = PartialJSON(), 0, False, ""
                self._feed(parts[0][self.fed :])
                count = 1
            for at in range(count, len(parts)):
                self._feed(parts[at])
        except ChunkError as error:
            self.error = error
            raise ChunkError(_path(position), error.problem) from None
        self.count, self.first, self.last = len(parts), parts[0], parts[-1]
        return self.parser.value

    def _feed(self, text: str) -> None:
        self.fed += len(text)
        if not (text.isascii() or self.surrogates):  # isascii(): a flag of the str, no scan
            self.surrogates = SURROGATE.search(text) is not None
        if self.surrogates:
            # The characters as joined() gives them to tool_calls: a pair whose
            # halves two fragments carry is one character, so the high half
            # that ends a fragment waits for the next.
            text = self.held + text
            self.held = ""
            if "\ud800" <= text[-1:] <= "\udbff":
                self.held, text = text[-1], text[:-1]
            text = paired(text)
        self.parser.feed(text)


class _Restart(Exception):
    """A shared parser's text changed before where it was fed: read it again from the start."""


class Parsed:
    """The parsers of one accumulator, made on its first partial read."""

    __slots__ = ("calls", "content", "texts")

    def __init__(self) -> None:
        self.calls: list[_Feed] = []  # one a call, in the order of the last read
        self.content: _Feed | None = None
        self.texts: list[_Feed] = []  # an event fold's texts, one parser between them

    def arguments(self, calls: list[list[str]]) -> list[Any]:
        """Each call's arguments so far, from its fragments; None before the first."""
        feeds = self.calls
        same = len(feeds) == len(calls)
        for feed, parts in zip(feeds, calls):
            if feed.parts is not parts:
                same = False
                break
        if not same:
            # A new call, or one whose index comes before another's: each
            # list keeps its parser, known by identity (never by content).
            kept = {id(feed.parts): feed for feed in feeds}
            feeds = self.calls = [_kept_or_new(kept.get(id(parts)), parts) for parts in calls]
        return [feed.read(position) if feed.parts else None for position, feed in enumerate(feeds)]

    def content_of(self, parts: list[str] | None) -> Any:
        """A Chat Completions choice's ``content`` so far, from its fragments."""
        if not parts:
            return None
        if self.content is None or self.content.parts is not parts:
            self.content = _Feed(parts)
        return self.content.read(-1)

    def content_of_texts(self, texts: list[list[str]]) -> Any:
        """An event fold's ``content`` so far, from the live fragment lists of its
        texts (text blocks, output text parts) in order, one parser for all:
        a read feeds what came since the last one, as for a tool call."""
        for _ in range(2):
            feeds = self.texts
            present = {id(parts) for parts in texts}
            if len(feeds) > len(texts) or any(
                feed.parts is not parts and id(feed.parts) in present for feed, parts in zip(feeds, texts)
            ):
                feeds = self.texts = []  # a text came before one read already: from the start
            for feed, parts in zip(feeds, texts):
                # A list in the place of one read (a done value that repeats its
                # text, checked by the fold): read as a collapse is, from where
                # the parser stopped.
                feed.parts = parts
            parser = feeds[0].parser if feeds else PartialJSON()
            feeds += [_Feed(parts, parser) for parts in texts[len(feeds) :]]
            try:
                for feed in feeds:
                    if feed.parts:
                        feed.read(-1, shared=True)
            except _Restart:
                self.texts = []
                continue
            return parser.value if any(feed.parts for feed in feeds) else None
        raise AssertionError("a fresh parser needs no restart")  # pragma: no cover


def _kept_or_new(feed: _Feed | None, parts: list[str]) -> _Feed:
    return feed if feed is not None and feed.parts is parts else _Feed(parts)


def _path(position: int) -> str:
    return "content" if position < 0 else f"tool_calls[{position}].function.arguments"
