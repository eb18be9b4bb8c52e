from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from router.blobs import BlobNotFound, BlobRef, BlobTooLarge, LocalBlobStore

pytestmark = pytest.mark.pipeline


async def _stream(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


async def test_put_then_get_returns_the_bytes_under_their_sha256(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=1024)
    ref = await store.put(b"hello", "text/plain")
    sha = hashlib.sha256(b"hello").hexdigest()
    assert ref == BlobRef(sha256=sha, size=5, content_type="text/plain")
    assert str(ref) == f"sha256:{sha}"
    assert await store.get(ref) == b"hello"
    assert await store.get(str(ref)) == b"hello"
    assert store.path_of(ref) == tmp_path / sha[:2] / sha[2:4] / sha


async def test_the_same_bytes_are_stored_once(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=1024)
    first = await store.put(b"same")
    second = await store.put(_stream(b"sa", b"me"))
    assert first.sha256 == second.sha256
    assert _files(tmp_path) == [store.path_of(first)]


async def test_a_stream_is_stored_and_read_back_in_chunks(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=10_000_000)
    chunks = [bytes([i]) * 100_000 for i in range(20)]
    ref = await store.put(_stream(*chunks))
    assert ref.size == 2_000_000
    read = [chunk async for chunk in store.open(ref)]
    assert b"".join(read) == b"".join(chunks)
    assert len(read) > 1


@pytest.mark.parametrize("as_stream", [False, True], ids=["bytes", "stream"])
async def test_too_large_stores_nothing(tmp_path: Path, as_stream: bool) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=10)
    data = _stream(b"123456", b"789012", b"never read") if as_stream else b"x" * 11
    with pytest.raises(BlobTooLarge):
        await store.put(data)
    assert _files(tmp_path) == []


async def test_a_too_large_stream_is_not_read_past_the_limit(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=10)
    pulled: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        while True:
            pulled.append(1)
            yield b"x" * 4

    with pytest.raises(BlobTooLarge):
        await store.put(endless())
    assert len(pulled) == 3


async def test_exactly_the_limit_fits(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=10)
    ref = await store.put(b"x" * 10)
    assert await store.exists(ref)


async def test_unknown_and_malformed_references(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, max_bytes=10)
    missing = "sha256:" + "0" * 64
    assert not await store.exists(missing)
    with pytest.raises(BlobNotFound):
        await store.get(missing)
    with pytest.raises(BlobNotFound):
        await store.get("sha256:../../etc/passwd")
    with pytest.raises(BlobNotFound):
        [chunk async for chunk in store.open(missing)]
