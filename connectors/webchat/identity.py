"""Who is chatting: an anonymous visitor this server vouches for, or a verified user the
host site vouches for.

Both are HMAC-SHA256 tokens, compared in constant time:

- a **visitor token** ``<visitor id>.<mac>`` is issued by this server (``webchat_secret``)
  to a new visitor and kept in the browser; only its holder can reopen that visitor's chat
  and history, and nobody can pick someone else's id;
- a **user token** ``<user id>.<expiry unix seconds>.<mac>`` is minted by the host site's
  back end with the secret it shares with us (``webchat_identity_secret``): the MAC covers
  ``"<user id>.<expiry>"``. A forged, malformed or expired one is refused with the reason.

Sender ids carry their kind, so an anonymous visitor can never pose as a verified user:
``v:<visitor id>`` and ``u:<user id>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

MAX_USER_ID = 128


class IdentityError(ValueError):
    """A token was refused; the message says why (it is shown to the host's developer)."""


@dataclass(frozen=True, slots=True)
class Identity:
    sender_id: str  # "v:<visitor>" or "u:<user>"
    verified: bool
    visitor_token: str = ""  # for a new anonymous visitor, the token to keep

    @property
    def user_id(self) -> str:
        return self.sender_id.removeprefix("u:") if self.verified else ""


def _mac(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign_user(secret: str, user_id: str, expires: datetime) -> str:
    """The token a host site gives the widget for ``user_id`` (its back end does this)."""
    payload = f"{user_id}.{int(expires.timestamp())}"
    return f"{payload}.{hmac_hex(secret, payload)}"


def hmac_hex(secret: str, payload: str) -> str:
    """What the host site computes: hex HMAC-SHA256 of ``payload`` under the shared secret."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def verify_user(secret: str, token: str, now: datetime) -> Identity:
    if not secret:
        raise IdentityError("verified identity is not enabled on this server")
    payload, _, mac = token.rpartition(".")
    user_id, _, expiry = payload.rpartition(".")
    if not user_id or not expiry.isdigit() or not mac:
        raise IdentityError("malformed identity token: expected <user id>.<expiry>.<hmac>")
    if len(user_id) > MAX_USER_ID:
        raise IdentityError("identity token: user id too long")
    if not hmac.compare_digest(mac.lower(), hmac_hex(secret, payload)):
        raise IdentityError("identity token signature does not match")
    if int(expiry) <= now.timestamp():
        raise IdentityError("identity token has expired")
    return Identity(sender_id=f"u:{user_id}", verified=True)


def new_visitor(secret: str) -> Identity:
    visitor = secrets.token_urlsafe(16)
    return Identity(f"v:{visitor}", False, visitor_token=f"{visitor}.{_mac(secret, visitor)}")


def verify_visitor(secret: str, token: str) -> Identity:
    visitor, _, mac = token.partition(".")
    if not visitor or not hmac.compare_digest(mac, _mac(secret, visitor)):
        raise IdentityError("visitor token not recognised")
    return Identity(f"v:{visitor}", False, visitor_token=token)
