"""Text files as people save them: decoded strictly, and an encoding problem located.

The parameters, the chapters and the register exports are all edited or saved by hand, so a file
in another encoding than expected is a common mistake; the message names its line and byte.
"""

from __future__ import annotations


class TextEncodingError(ValueError):
    """The bytes are not text in the expected encoding; ``line`` and ``byte`` say where."""

    def __init__(self, encoding: str, line: int, byte: int) -> None:
        self.encoding = encoding
        self.line = line
        self.byte = byte
        super().__init__(f"line {line}: not {encoding} text (byte 0x{byte:02x})")


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """``data`` as text; UTF-8 may start with a byte order mark, which is dropped."""
    codec = "utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        shown = "UTF-8" if codec == "utf-8-sig" else encoding
        raise TextEncodingError(shown, line, data[error.start]) from None
