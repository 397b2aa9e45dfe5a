"""Text as the folds build it: parts joined once, surrogate pairs made whole."""

from __future__ import annotations

import re


def joined(parts: list[str] | None) -> str | None:
    """The parts as one string (None when never sent), kept joined for the next read.

    A character beyond the BMP sent as a JSON surrogate pair split over two
    chunks (``"\\ud83d"``, then ``"\\ude00"``) arrives as two lone
    surrogates, which join into text that cannot be encoded: they are made
    the one character they are. The SDKs' accumulators leave the two.
    """
    if parts is None:
        return None
    if len(parts) > 1:
        text = "".join(parts)
        if not text.isascii():  # a flag of the str: no scan
            # Searched from the last character of the text read before, so
            # that a read after each add stays linear.
            found = SURROGATE.search(text, len(parts[0]) - 1)
            if found is not None:
                at = found.start()
                text = text[:at] + paired(text[at:])
        parts[:] = [text]
    return parts[0] if parts else ""


SURROGATE = re.compile("[\ud800-\udfff]")


def paired(text: str, lone: str = "surrogatepass") -> str:
    """``text`` with each high and low surrogate side by side made the one
    character they are; a lone one kept (or, ``lone="replace"``, U+FFFD)."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", lone)
