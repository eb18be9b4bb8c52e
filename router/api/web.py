"""The agent inbox's pages: one HTML page, its script and stylesheet, with strict headers.

No build step: plain files under ``router/web/``. The Content-Security-Policy allows
scripts, styles and connections from this origin only and no inline script at all, so even
markup that slipped into the page could not run; the page itself renders every customer
string with ``textContent``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)
# The API docs page loads its script from a CDN; it keeps FastAPI's defaults.
UNGUARDED = ("/docs", "/redoc")

router = APIRouter(tags=["inbox"])


@router.get("/inbox", include_in_schema=False)
async def inbox_page() -> FileResponse:
    return FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-store"})


def static_files() -> StaticFiles:
    return StaticFiles(directory=WEB_DIR)


class SecurityHeaders:
    """Pure ASGI (not BaseHTTPMiddleware), so server-sent event streams pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(UNGUARDED):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
