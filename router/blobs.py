"""Attachment bytes, stored once per content.

A blob is addressed by the sha256 of its bytes, so storing the same file twice (a
redelivered message, a forwarded attachment) keeps one copy and yields the same reference.
Writes go to a temporary file that is renamed into place, so a reader never sees half a
blob and a crash leaves at most a stray temporary file. Streams are hashed and counted as
they arrive; the size limit is enforced without holding the whole blob in memory.

Errors::

    BlobError
    ├── BlobTooLarge     the content exceeds the store's limit; nothing was stored
    └── BlobNotFound     no blob under that reference
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

CHUNK = 256 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobError(Exception):
    pass


class BlobTooLarge(BlobError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"blob exceeds the {limit}-byte limit")
        self.limit = limit


class BlobNotFound(BlobError):
    pass


@dataclass(frozen=True, slots=True)
class BlobRef:
    sha256: str
    size: int
    content_type: str = "application/octet-stream"

    def __str__(self) -> str:
        return f"sha256:{self.sha256}"


def digest_of(ref: BlobRef | str) -> str:
    """The sha256 hex of ``ref`` (a :class:`BlobRef` or its string form)."""
    raw = ref.sha256 if isinstance(ref, BlobRef) else ref.removeprefix("sha256:")
    if not _SHA256.match(raw):
        raise BlobNotFound(f"not a blob reference: {str(ref)[:80]!r}")
    return raw


class BlobStore(Protocol):
    async def put(self, data: bytes | AsyncIterator[bytes], content_type: str = ...) -> BlobRef: ...

    async def get(self, ref: BlobRef | str) -> bytes: ...

    def open(self, ref: BlobRef | str) -> AsyncIterator[bytes]: ...

    async def exists(self, ref: BlobRef | str) -> bool: ...


async def _chunks(data: bytes | AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if isinstance(data, bytes):
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
        return
    async for chunk in data:
        yield chunk


class LocalBlobStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_of(self, ref: BlobRef | str) -> Path:
        sha = digest_of(ref)
        return self.root / sha[:2] / sha[2:4] / sha

    async def put(
        self, data: bytes | AsyncIterator[bytes], content_type: str = "application/octet-stream"
    ) -> BlobRef:
        if isinstance(data, bytes) and len(data) > self.max_bytes:
            raise BlobTooLarge(self.max_bytes)
        tmp_dir = self.root / "tmp"
        await asyncio.to_thread(tmp_dir.mkdir, parents=True, exist_ok=True)
        handle = await asyncio.to_thread(_temp_file, tmp_dir)
        try:
            sha, size = await self._write(handle, data)
        except BaseException:
            await asyncio.to_thread(_discard, handle)
            raise
        ref = BlobRef(sha256=sha, size=size, content_type=content_type)
        await asyncio.to_thread(_settle, Path(handle.name), self.path_of(ref))
        return ref

    async def _write(
        self, handle: IO[bytes], data: bytes | AsyncIterator[bytes]
    ) -> tuple[str, int]:
        hasher = hashlib.sha256()
        size = 0
        async for chunk in _chunks(data):
            size += len(chunk)
            if size > self.max_bytes:
                raise BlobTooLarge(self.max_bytes)
            hasher.update(chunk)
            await asyncio.to_thread(handle.write, chunk)
        await asyncio.to_thread(_flush, handle)
        return hasher.hexdigest(), size

    async def get(self, ref: BlobRef | str) -> bytes:
        try:
            return await asyncio.to_thread(self.path_of(ref).read_bytes)
        except FileNotFoundError as exc:
            raise BlobNotFound(str(ref)) from exc

    async def open(self, ref: BlobRef | str) -> AsyncIterator[bytes]:
        try:
            handle = await asyncio.to_thread(self.path_of(ref).open, "rb")
        except FileNotFoundError as exc:
            raise BlobNotFound(str(ref)) from exc
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK):
                yield chunk
        finally:
            await asyncio.to_thread(handle.close)

    async def exists(self, ref: BlobRef | str) -> bool:
        return await asyncio.to_thread(self.path_of(ref).is_file)


def _temp_file(directory: Path) -> IO[bytes]:
    return tempfile.NamedTemporaryFile(dir=directory, prefix="put-", delete=False)


def _flush(handle: IO[bytes]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _discard(handle: IO[bytes]) -> None:
    handle.close()
    Path(handle.name).unlink(missing_ok=True)


def _settle(tmp: Path, final: Path) -> None:
    if final.exists():
        # Same name means same bytes: the copy already there is as good as ours.
        tmp.unlink(missing_ok=True)
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)
