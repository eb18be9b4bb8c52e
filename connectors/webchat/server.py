"""The web chat's HTTP and WebSocket server (Starlette under uvicorn).

- ``GET  /widget.js``, ``/widget.css``: the widget, one script tag on the host page
- ``GET  /config?lang=``: texts in the visitor's language, topics, limits, open or not
- ``POST /upload``: one image or PDF (raw body), returns its blob reference
- ``GET  /files/sha256:<hex>``: an attachment's bytes
- ``WS   /ws``: the chat itself (:mod:`connectors.webchat.protocol`)
- ``GET  /demo``: a page with the widget, in development only

Only allow-listed origins may open the WebSocket (checked on the handshake, before it is
accepted) or call the HTTP endpoints from a browser (CORS).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, datetime
from pathlib import Path

import structlog
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketDisconnected

from connectors.webchat.abuse import Limit, Refused
from connectors.webchat.followup import mark_absent, mark_present
from connectors.webchat.identity import IdentityError, verify_user, verify_visitor
from connectors.webchat.protocol import Hello, client_frame
from connectors.webchat.runtime import Runtime
from connectors.webchat.session import ChatPeer
from connectors.webchat.welcome import open_chat
from router.blobs import BlobNotFound, BlobTooLarge
from router.settings import Settings

log = structlog.get_logger(__name__)

STATIC = Path(__file__).parent / "static"
HELLO_TIMEOUT_S = 10.0
# Close codes the widget understands: 4001 identity refused (do not retry with that
# token), 4003 origin not allowed, 4008 rate limited (retry later).
CLOSE_IDENTITY = 4001
SNIFF = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    b"%PDF-": "application/pdf",
}


def sniff(head: bytes) -> str:
    """The real type of an upload, from its first bytes (never the client's word)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in SNIFF.items() if head.startswith(magic)), "")


def _runtime(scope_app: object) -> Runtime:
    rt: Runtime = scope_app.state.runtime  # type: ignore[attr-defined]
    return rt


def _client_ip(conn: Request | WebSocket) -> str:
    return conn.client.host if conn.client else "unknown"


async def widget_asset(request: Request) -> Response:
    name = request.path_params["name"]
    path = STATIC / name
    kinds = {"widget.js": "text/javascript", "widget.css": "text/css"}
    if name not in kinds:
        return Response(status_code=404)
    return Response(
        path.read_bytes(),
        media_type=kinds[name],
        headers={
            "Cache-Control": "public, max-age=300",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def widget_config(request: Request) -> Response:
    rt = _runtime(request.app)
    wanted = [t for t in request.query_params.get("lang", "").split(",") if t]
    lang = rt.texts.pick(wanted, rt.settings.webchat_languages)
    online, why = await rt.online(datetime.now(UTC))
    return JSONResponse(
        {
            "lang": lang,
            "languages": [x for x in rt.settings.webchat_languages if x in rt.texts.by_language],
            "strings": rt.texts.for_language(lang),
            "topics": list(rt.texts.topics),
            "online": online,
            "offline_reason": why,
            "max_text_chars": rt.settings.webchat_max_text_chars,
            "max_attachment_bytes": rt.settings.webchat_max_attachment_bytes,
            "identity": bool(rt.settings.webchat_identity_secret),
        }
    )


def _uploader(rt: Runtime, request: Request) -> str:
    user, visitor = request.headers.get("x-user", ""), request.headers.get("x-visitor", "")
    if user:
        return verify_user(rt.settings.webchat_identity_secret, user, datetime.now(UTC)).sender_id
    return verify_visitor(rt.settings.webchat_secret, visitor).sender_id


async def _with_head(head: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield head
    async for chunk in rest:
        yield chunk


async def _head_of(stream: AsyncIterator[bytes]) -> bytes:
    async for chunk in stream:
        if chunk:
            return chunk
    return b""


async def upload(request: Request) -> Response:
    rt = _runtime(request.app)
    try:
        sender = _uploader(rt, request)
        visitor, per_ip = rt.message_limits
        await rt.limiter.hit([(visitor, sender), (per_ip, _client_ip(request))])
    except IdentityError as exc:
        return JSONResponse({"code": "identity", "detail": str(exc)}, status_code=401)
    except Refused as exc:
        return JSONResponse({"code": exc.code, "detail": exc.detail}, status_code=429)
    stream = request.stream()
    head = await _head_of(stream)
    kind = sniff(head)
    if not kind:
        return JSONResponse(
            {"code": "attachment_type", "detail": "only images and PDF files"}, status_code=415
        )
    try:
        ref = await rt.blobs.put(_with_head(head, stream), kind)
    except BlobTooLarge:
        return JSONResponse(
            {"code": "attachment_size", "detail": "the attachment is too large"}, status_code=413
        )
    name = request.query_params.get("name", "attachment")[:255]
    return JSONResponse({"ref": str(ref), "name": name, "content_type": kind, "size": ref.size})


async def download(request: Request) -> Response:
    rt = _runtime(request.app)
    ref = request.path_params["ref"]
    try:
        chunks = rt.blobs.open(ref)
        head = await _head_of(chunks)
    except BlobNotFound:
        return Response(status_code=404)
    return StreamingResponse(
        _with_head(head, chunks),
        media_type=sniff(head) or "application/octet-stream",
        headers={
            "Cache-Control": "private, max-age=86400, immutable",
            "Content-Security-Policy": "default-src 'none'",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def health(request: Request) -> Response:
    rt = _runtime(request.app)
    return JSONResponse({"status": "ok", "chats": len(rt.hub)})


def allowed_origins(settings: Settings) -> list[str]:
    """The allow-list; in development the server's own demo page is on it too."""
    origins = list(settings.webchat_allowed_origins)
    if settings.env == "dev":
        port = settings.webchat_port
        origins += [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    return origins


async def demo(request: Request) -> Response:
    """A page embedding the widget, for trying it locally (``env = "dev"`` only)."""
    rt = _runtime(request.app)
    if rt.settings.env != "dev":
        return Response(status_code=404)
    html = (
        "<!doctype html><html><head><title>Switchboard web chat demo</title></head><body>"
        "<h1>Web chat demo</h1><p>The widget is in the corner.</p>"
        '<script src="/widget.js" data-open="true" async></script></body></html>'
    )
    return HTMLResponse(html)


async def _refuse_handshake(rt: Runtime, ws: WebSocket) -> str:
    """Why this handshake is refused ("" if it is not)."""
    origin = ws.headers.get("origin", "")
    if origin not in allowed_origins(rt.settings):
        return f"origin {origin or '(none)'} not allowed"
    try:
        limit = Limit("connections", rt.settings.webchat_connections_per_minute_per_ip)
        await rt.limiter.hit([(limit, _client_ip(ws))])
    except Refused as exc:
        return exc.detail
    return ""


async def chat(ws: WebSocket) -> None:
    rt = _runtime(ws.app)
    refused = await _refuse_handshake(rt, ws)
    if refused:
        log.info("webchat.handshake_refused", reason=refused)
        await ws.close(code=1008)  # before accept: the browser sees HTTP 403
        return
    await ws.accept()
    peer = await _greet(rt, ws)
    if peer is None:
        return
    rt.hub.join(peer)
    await mark_present(rt.redis, rt.keys, [peer.thread_key])
    try:
        await _serve(peer, ws)
    except (WebSocketDisconnect, WebSocketDisconnected):
        pass  # gone: what it sent was acknowledged or will be resent
    finally:
        rt.hub.leave(peer)
        if not rt.hub.of_thread(peer.thread_key):
            await _quietly(mark_absent(rt.redis, rt.keys, peer.thread_key))


async def _greet(rt: Runtime, ws: WebSocket) -> ChatPeer | None:
    try:
        raw = await asyncio.wait_for(ws.receive_text(), HELLO_TIMEOUT_S)
        hello = Hello.model_validate_json(raw)
        return await open_chat(rt, ws, _client_ip(ws), hello)
    except IdentityError as exc:
        await ws.send_json({"type": "error", "code": "identity", "detail": str(exc)})
        await ws.close(code=CLOSE_IDENTITY)
    except (ValidationError, TimeoutError):
        await ws.send_json({"type": "error", "code": "bad_hello", "detail": "say hello first"})
        await ws.close(code=1002)
    except WebSocketDisconnect:
        pass
    return None


async def _serve(peer: ChatPeer, ws: WebSocket) -> None:
    while True:
        raw = await ws.receive_text()
        try:
            frame = client_frame.validate_json(raw)
        except ValidationError as exc:
            detail = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]
            )
            await peer.push(
                {"type": "error", "code": "bad_frame", "detail": detail, "id": _id_of(raw)}
            )
            continue
        await peer.handle(frame)


async def _quietly(step: Awaitable[None]) -> None:
    """A best-effort step on the way out (presence expires by itself anyway)."""
    try:
        await step
    except Exception as exc:
        log.warning("webchat.cleanup_failed", error=str(exc))


def _id_of(raw: str) -> str:
    try:
        found = json.loads(raw).get("id", "")
    except (ValueError, AttributeError):
        return ""
    return found if isinstance(found, str) else ""


def create_app(runtime: Runtime) -> Starlette:
    cors = Middleware(
        CORSMiddleware,
        allow_origins=allowed_origins(runtime.settings),
        allow_methods=["GET", "POST"],
        allow_headers=["content-type", "x-visitor", "x-user"],
        max_age=600,
    )
    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/config", widget_config),
            Route("/upload", upload, methods=["POST"]),
            Route("/files/{ref}", download),
            Route("/demo", demo),
            Route("/{name}", widget_asset),
            WebSocketRoute("/ws", chat),
        ],
        middleware=[cors],
    )
    app.state.runtime = runtime
    return app
