"""The SHA-256 of files: what the manifest, the receipts and every cache key are made of."""

from __future__ import annotations

import hashlib
from pathlib import Path

_HASHED: dict[tuple[str, int, int, int], str] = {}
"""sha256 of files already hashed in this process, by path, size, mtime and inode: a build
hashes a register for its receipt, its cache key and the manifest, and reads it once."""


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    path = Path(path)
    status = path.stat()
    known = (str(path.resolve()), status.st_size, status.st_mtime_ns, status.st_ino)
    if known not in _HASHED:
        with path.open("rb") as handle:
            _HASHED[known] = hashlib.file_digest(handle, "sha256").hexdigest()
    return _HASHED[known]
