"""Headless Chromium (Debian's) for the widget tests, and the host page that embeds it."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from playwright.async_api import Browser, async_playwright
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from support.ports import wait_listening

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "webchat"

# The host site's own CSS, as hostile as it gets: none of it may reach the widget.
HOST_CSS = (
    "* { font-size: 40px !important; color: red !important; } li { display: none !important; }"
)


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


def host_page_app(widget_base: str, user_token: str = "") -> Starlette:
    """A page on another origin with a strict CSP: only the widget's origin may run script,
    style and connect; no inline anything."""
    ws_base = widget_base.replace("http", "ws", 1)
    csp = (
        f"default-src 'none'; script-src {widget_base}; style-src 'self' {widget_base}; "
        f"connect-src {widget_base} {ws_base}; img-src {widget_base}; base-uri 'none'"
    )
    token = f' data-user-token="{user_token}"' if user_token else ""

    async def page(request: Request) -> Response:
        html = (
            "<!doctype html><html><head><title>Exchange</title>"
            '<link rel="stylesheet" href="/host.css"></head><body><h1>Exchange</h1>'
            f'<script src="{widget_base}/widget.js" data-open="true" data-color="#5b2be0"'
            f"{token} async></script></body></html>"
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    async def css(request: Request) -> Response:
        return Response(HOST_CSS, media_type="text/css")

    return Starlette(routes=[Route("/", page), Route("/host.css", css)])


@asynccontextmanager
async def host_page(port: int, widget_base: str, user_token: str = "") -> AsyncIterator[str]:
    config = uvicorn.Config(
        host_page_app(widget_base, user_token), host="127.0.0.1", port=port, log_config=None
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await wait_listening(port)
    try:
        yield f"http://localhost:{port}/"
    finally:
        server.should_exit = True
        await task


def tiny_png() -> bytes:
    """An 8x8 green PNG."""
    rows = b"".join(b"\x00" + b"\x0b\x7a\x53" * 8 for _ in range(8))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
