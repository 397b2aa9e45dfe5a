"""``PartialJSON``: the JSON document so far, from a text that arrives in pieces.

Sans-IO and incremental: each piece is scanned once, into the containers
of the value (the stack of open ones kept), so that feeding a text in any
number of pieces and reading the value after each costs in total a
constant times the text's length. The SDKs reparse the whole prefix on
every fragment (jiter in the openai SDK, json_buf in the anthropic one):
quadratic in the fragments (benchmark W13).
"""

# This module builds untyped JSON values, whose element types are unknown by
# nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import re
import sys
from typing import Any, Callable, NoReturn

from .errors import ChunkError

# One token and the blanks before it, in one match: a string whole when it
# has no escape (its body, its closing quote, and a colon after a key), a
# punctuation mark, or a run of the characters of a number or literal.
_TOKEN = re.compile(
    r'[ \t\n\r]*(?:"([^"\\\x00-\x1f]*)(?:(")(?:[ \t\n\r]*(:))?)?|([\[\]{},:])|([-+.0-9A-Za-z]+))'
).match
# The common case whole, in one match: an object's member or an array's
# item whose value is a string without escapes or a number or literal that
# ends in this piece, and the comma or closing mark after it. Against a
# token a match: ~150 ns a character against ~210 for a text in one piece
# (Gemini's whole args), ~475 against ~500 in W13's 50-character pieces,
# where a piece's end cuts a member (micro case "partial-json-scan").
# (No more digits than int() reads: a longer number takes the slow path, which says so.)
_SCALAR = r"(-?(?:0|[1-9][0-9]{0,999})(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)(?=[^-+.0-9A-Za-z])"
_MEMBER = re.compile(
    r'[ \t\n\r]*"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*(?:"([^"\\\x00-\x1f]*)"|'
    + _SCALAR
    + r")[ \t\n\r]*([,}])?"
).match
_ITEM = re.compile(r'[ \t\n\r]*(?:"([^"\\\x00-\x1f]*)"|' + _SCALAR + r")[ \t\n\r]*([,\]])?").match
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*').match
_BLANK = re.compile(r"[ \t\n\r]*").match
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?").match
# What a number can be before its end: how far a bad one is good.
_NUMBER_START = re.compile(r"-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:(?<=[0-9])[eE][+-]?[0-9]*)?)?").match
_HEX = re.compile(r"[0-9a-fA-F]{0,4}").match
# json.loads' literals, NaN and the infinities among them (jiter's too).
_LITERALS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

# What comes next: the modes of the scan.
_VALUE = 0  # a value: at the start, after ':', after ',' in an array
_FIRST_ITEM = 1  # a value or ']', after '['
_FIRST_KEY = 2  # a key or '}', after '{'
_KEY = 3  # a key, after ',' in an object
_COLON = 4
_AFTER = 5  # ',' or the closing mark, after a value in a container
_DONE = 6  # nothing but blanks, after the document
_STRING = 7  # the rest of a string (a key or a value) begun in an earlier piece or escaped
_EXPECTED = {
    _VALUE: "expected a value",
    _FIRST_ITEM: "expected a value or ']'",
    _FIRST_KEY: "expected a string key or '}'",
    _KEY: "expected a string key",
    _COLON: "expected ':'",
    _DONE: "unexpected text after the document",
}


class _Missing:
    """No value: one object, which copies and pickles as itself (a copied
    accumulator's parser still knows what it put into the value)."""

    def __reduce__(self) -> str:
        return "_MISSING"


_MISSING: Any = _Missing()
# The modes a key or a value may come in: one set test, as fast as two == tests.
_KEYS = frozenset({_FIRST_KEY, _KEY})
_VALUES = frozenset({_VALUE, _FIRST_ITEM})


class PartialJSON:
    """The JSON document so far, from a text fed in pieces.

    ``feed(text)`` takes the next piece; ``value`` is what jiter's
    ``from_json(prefix, partial_mode="trailing-strings")`` gives for the
    text fed so far, on every prefix: a string not closed yet as far as it
    has come (an escape cut in two left out until its end comes), a key not
    finished or without its value, a literal not finished, and a number
    that cannot end where it stands (``1.``, ``-``, ``1e``) left out; a
    number that can end there as read. None until a value begins. The whole
    text gives what ``json.loads`` gives (NaN and the infinities included;
    a repeated key keeps its first place and its last value).

    Where jiter and ``json.loads`` disagree, this follows ``json.loads``:
    a lone surrogate escape (``"\\ud83d"``) is kept as a lone surrogate, as
    ``json.loads`` and chunkwrap's text folds keep one (jiter rejects the
    document); text after the document or a wrong mark inside a container
    (``[1 2]``) is an error, where jiter in partial mode returns what it
    read before it.

    Text that can never become JSON raises :class:`ChunkError` from
    ``feed()``, naming the character (``<json>: expected ',' or '}' at
    character 17``, counted from 0 as ``json.loads`` counts); ``value``
    then stays the document up to that character, and every later
    ``feed()`` raises the same error.

    ``value`` is the live document, not a copy: its lists and dicts are the
    ones the next pieces extend (the last string, number or literal in it
    is replaced as it grows). Keep ``copy.deepcopy(value)`` for a snapshot,
    and do not change the value: the parser writes into it.
    """

    __slots__ = (
        "_error",
        "_key",
        "_key_string",
        "_mode",
        "_offset",
        "_pieces",
        "_root",
        "_shown",
        "_stack",
        "_tail",
    )

    def __init__(self) -> None:
        self._mode = _VALUE
        self._stack: list[Any] = []  # the open containers, the innermost last
        self._root: Any = None
        self._key: str = ""  # the innermost object's key whose value comes
        self._pieces: list[str] = []  # the string being read, in pieces
        self._key_string = False  # whether that string is a key
        self._tail = ""  # the end of the last piece, undecided: a scalar or an escape cut off
        self._offset = 0  # how many characters were fed
        # What the last read of ``value`` put into the innermost container,
        # for the next feed to take back: (container, key, value it replaced).
        self._shown: tuple[Any, Any, Any] | None = None
        self._error: ChunkError | None = None

    def __repr__(self) -> str:
        return f"<PartialJSON at character {self._offset}>"

    def feed(self, text: str) -> None:  # noqa: PLR0915 - one loop inline: a method a token would cost a call each
        """Scan the next piece of the text."""
        if self._error is not None:
            raise self._error
        if self._shown is not None:
            self._take_back()
        # ``at``: where ``text`` starts in the whole text, for the errors.
        at = self._offset - len(self._tail)
        self._offset += len(text)
        if self._tail:
            text = self._tail + text
            self._tail = ""
        n = len(text)
        i = 0
        mode = self._mode
        stack = self._stack
        while i < n:
            if mode in _KEYS:
                found = _MEMBER(text, i)
                if found is not None:
                    body = found.group(2)
                    stack[-1][found.group(1)] = body if body is not None else _number(found.group(3))  # pyright: ignore[reportCallIssue, reportArgumentType] - a dict here
                    mark = found.group(4)
                    if mark is None:
                        mode = _AFTER
                    elif mark == ",":
                        mode = _KEY
                    else:
                        stack.pop()
                        mode = _AFTER if stack else _DONE
                    i = found.end()
                    continue
            elif mode in _VALUES and stack and type(stack[-1]) is list:
                found = _ITEM(text, i)
                if found is not None:
                    body = found.group(1)
                    stack[-1].append(body if body is not None else _number(found.group(2)))
                    mark = found.group(3)
                    if mark is None:
                        mode = _AFTER
                    elif mark == ",":
                        mode = _VALUE
                    else:
                        stack.pop()
                        mode = _AFTER if stack else _DONE
                    i = found.end()
                    continue
            elif mode == _STRING:
                self._mode = mode
                i = self._string(text, i, at)
                mode = self._mode
                continue
            match = _TOKEN(text, i)
            if match is None:
                i = _end(_BLANK, text, i)
                if i < n:
                    self._fail(mode, at + i, _EXPECTED.get(mode) or self._after())
                break
            kind = match.lastindex
            if kind == 4:  # a punctuation mark
                mark = match.group(4)
                if mark in "{[":
                    if mode not in _VALUES:
                        self._fail(mode, at + match.start(4), _EXPECTED.get(mode) or self._after())
                    new: Any = {} if mark == "{" else []
                    if stack:
                        top = stack[-1]
                        if type(top) is list:
                            top.append(new)
                        else:
                            stack[-1][self._key] = new  # pyright: ignore[reportCallIssue, reportArgumentType] - a dict here
                    else:
                        self._root = new
                    stack.append(new)
                    mode = _FIRST_KEY if mark == "{" else _FIRST_ITEM
                elif mark == ",":
                    if mode != _AFTER:
                        self._fail(mode, at + match.start(4), _EXPECTED.get(mode, ""))
                    mode = _KEY if type(stack[-1]) is dict else _VALUE
                elif mark == ":":
                    if mode != _COLON:
                        self._fail(mode, at + match.start(4), _EXPECTED.get(mode) or self._after())
                    mode = _VALUE
                else:  # a closing mark
                    closes = mark == "}"
                    top = stack[-1] if stack else None
                    if not (
                        (mode == _AFTER and (type(top) is dict) == closes)
                        or mode == (_FIRST_KEY if closes else _FIRST_ITEM)
                    ):
                        problem = (
                            "a trailing comma"
                            if mode == (_KEY if closes else _VALUE) and top is not None
                            else ""
                        )
                        self._fail(mode, at + match.start(4), problem or _EXPECTED.get(mode) or self._after())
                    stack.pop()
                    mode = _AFTER if stack else _DONE
            elif kind == 5:  # a number or literal
                start = match.start(5)
                token = match.group(5)
                if mode not in _VALUES:
                    self._fail(mode, at + start, _EXPECTED.get(mode) or self._after())
                if match.end() == n:  # it may go on in the next piece
                    if not _could_start(token):
                        self._fail(mode, at + start + _good_length(token), "an invalid number or literal")
                    if _too_long(token):
                        self._fail(mode, at + start, _TOO_LONG)
                    self._tail = token
                    break
                value = _scalar(token)
                if value is _MISSING:
                    why = _TOO_LONG if _too_long(token) else "an invalid number or literal"
                    self._fail(mode, at + start + (0 if _too_long(token) else _good_length(token)), why)
                if stack:
                    top = stack[-1]
                    if type(top) is list:
                        top.append(value)
                    else:
                        stack[-1][self._key] = value  # pyright: ignore[reportCallIssue, reportArgumentType] - a dict here
                    mode = _AFTER
                else:
                    self._root = value
                    mode = _DONE
            else:  # a string: closed in this piece (kind 2, 3 with a colon after it) or not (kind 1)
                if mode in _KEYS:
                    key = True
                elif mode in _VALUES:
                    key = False
                else:
                    self._fail(mode, at + match.start(1) - 1, _EXPECTED.get(mode) or self._after())
                body = match.group(1)
                if kind == 1:
                    self._pieces = [body] if body else []
                    self._key_string = key
                    mode = _STRING
                elif key:
                    self._key = body
                    mode = _VALUE if kind == 3 else _COLON
                else:
                    if stack:
                        top = stack[-1]
                        if type(top) is list:  # (_ITEM takes an array's strings before this)
                            top.append(body)
                        else:
                            stack[-1][self._key] = body  # pyright: ignore[reportCallIssue, reportArgumentType] - a dict here
                        mode = _AFTER
                    else:
                        self._root = body
                        mode = _DONE
                    if kind == 3:  # a value, then a colon
                        self._fail(mode, at + match.start(3), _EXPECTED.get(mode) or self._after())
            i = match.end()
        self._mode = mode

    def _after(self) -> str:
        return "expected ',' or '}'" if type(self._stack[-1]) is dict else "expected ',' or ']'"

    def _fail(self, mode: int, position: int, problem: str) -> NoReturn:
        """Stop at ``position``: the value stays what was read before it."""
        self._mode = mode
        self._tail = ""
        self._error = ChunkError("<json>", f"{problem} at character {position}")
        raise self._error

    def _string(self, text: str, i: int, at: int) -> int:
        """Scan a string's rest from ``i``: escapes, and a string that goes on
        from an earlier piece; where it stops, the mode after it."""
        pieces = self._pieces
        n = len(text)
        while True:
            j = _end(_PLAIN, text, i)
            if j > i:
                pieces.append(text[i:j])
            if j == n:
                return n
            mark = text[j]
            if mark == '"':
                self._end_string("".join(pieces))
                return j + 1
            if mark != "\\":
                self._fail(_STRING, at + j, "a control character in a string")
            escape = text[j + 1 : j + 2]
            if escape in _ESCAPES:
                pieces.append(_ESCAPES[escape])
                i = j + 2
                continue
            if escape != "u":
                if not escape:
                    self._tail = text[j:]
                    return n
                self._fail(_STRING, at + j, "an invalid escape")
            digits = text[j + 2 : _end(_HEX, text, j + 2)]
            if len(digits) < 4:
                if j + 2 + len(digits) < n:
                    self._fail(_STRING, at + j, "an invalid \\u escape")
                self._tail = text[j:]
                return n
            code = int(digits, 16)
            i = j + 6
            if 0xD800 <= code < 0xDC00:
                # A high surrogate: with a low one after it, the two are one
                # character; alone it stays alone, as json.loads keeps it.
                after = text[i : i + 6]
                low = after[2 : _end(_HEX, after, 2)] if after[:2] == "\\u" else ""
                if len(after) < 6 and after == "\\u"[: len(after)] + low and i + len(after) == n:
                    self._tail = text[j:]  # not decided yet: the next piece says
                    return n
                if len(low) == 4 and 0xDC00 <= int(low, 16) < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00)
                    i += 6
            pieces.append(chr(code))

    def _end_string(self, text: str) -> None:
        if self._key_string:
            self._key = text
            self._mode = _COLON
            return
        stack = self._stack
        if stack:
            top = stack[-1]
            if type(top) is list:
                top.append(text)
            else:
                stack[-1][self._key] = text
            self._mode = _AFTER
        else:
            self._root = text
            self._mode = _DONE

    def _take_back(self) -> None:
        assert self._shown is not None
        container, key, replaced = self._shown
        self._shown = None
        if key is None:
            container.pop()
        elif replaced is _MISSING:
            container.pop(key, None)
        else:
            container[key] = replaced

    @property
    def value(self) -> Any:
        """The document so far (see the class's docstring); None before a value begins."""
        if self._shown is not None:
            self._take_back()
        mode = self._mode
        item = _MISSING
        if mode == _STRING:
            if not self._key_string:
                pieces = self._pieces
                if len(pieces) > 1:
                    # Kept joined: the next read joins only what came since.
                    pieces[:] = ["".join(pieces)]
                item = pieces[0] if pieces else ""
        elif self._tail and mode in _VALUES:
            item = _scalar(self._tail)
        if item is _MISSING:
            return self._root
        stack = self._stack
        if not stack:
            return item
        top = stack[-1]
        if type(top) is list:
            top.append(item)
            self._shown = (top, None, None)
        else:
            key = self._key
            self._shown = (top, key, top.get(key, _MISSING))
            top[key] = item
        return self._root


def _number(token: str) -> Any:
    """A number or literal _MEMBER or _ITEM matched: the regex checked it."""
    if token[-1] > "9":  # true, false, null
        return _LITERALS[token]
    if "." in token or "e" in token or "E" in token:
        return float(token)
    return int(token)


# json.loads refuses an integer with more digits than int() reads
# (sys.get_int_max_str_digits(), from Python 3.11; none before).
_INT_DIGITS: int = getattr(sys, "get_int_max_str_digits", lambda: 0)()
_TOO_LONG = f"an integer of more digits than int() reads ({_INT_DIGITS:,})"


def _too_long(token: str) -> bool:
    """Whether ``token`` is (the start of) an integer longer than int() reads."""
    digits = len(token) - (token[:1] == "-")
    return bool(_INT_DIGITS) and digits > _INT_DIGITS and token.lstrip("-").isdigit()


def _scalar(token: str) -> Any:
    """A whole number or literal's value; _MISSING if ``token`` is not one."""
    if token in _LITERALS:
        return _LITERALS[token]
    found = _NUMBER(token)
    if found is None or found.end() != len(token):
        return _MISSING
    if found.group(1) is None and found.group(2) is None:
        try:
            return int(token)
        except ValueError:  # more digits than int() reads (sys.get_int_max_str_digits())
            return _MISSING
    return float(token)


def _end(pattern: Callable[[str, int], re.Match[str] | None], text: str, start: int) -> int:
    """Where a pattern that matches the empty string too stops, from ``start``."""
    found = pattern(text, start)
    assert found is not None
    return found.end()


def _could_start(token: str) -> bool:
    """Whether ``token`` begins a number or literal."""
    if _end(_NUMBER_START, token, 0) == len(token):
        return True
    return any(literal.startswith(token) for literal in _LITERALS)


def _good_length(token: str) -> int:
    """How many of ``token``'s characters begin a number or literal."""
    best = _end(_NUMBER_START, token, 0)
    for literal in _LITERALS:
        same = 0
        for a, b in zip(literal, token):
            if a != b:
                break
            same += 1
        best = max(best, same)
    return best
