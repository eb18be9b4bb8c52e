"""Sign-in, who am I, sign-out: the session cookie and its CSRF token.

Sign-in answers the same "wrong email or password" for an unknown email and a wrong
password, and spends the same argon2 work on both, so neither the answer nor its timing
tells which emails exist. After ``sign_in_max_failures`` failures an email is locked out
for ``sign_in_lockout_s`` (429), which caps password guessing per account.
"""

from __future__ import annotations

import asyncio
import functools

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from router.api.deps import SESSION_COOKIE, PrincipalDep, Resources, ResourcesDep
from router.auth import agents
from router.auth.agents import Account
from router.auth.passwords import hash_password, verify_password

router = APIRouter(prefix="/api/session", tags=["session"])


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so both failures cost the same time."""
    return hash_password("switchboard: no such agent")


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    email: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1, max_length=1024)


class AgentOut(BaseModel):
    id: str
    name: str
    role: str
    skills: list[str]
    languages: list[str]


class SessionOut(BaseModel):
    agent: AgentOut
    csrf_token: str


def _refuse_cross_site(request: Request) -> None:
    # SameSite=Strict keeps the cookie off cross-site requests; this also stops a hostile
    # page from signing a visitor in to an account of its choosing (login CSRF).
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site sign-in refused")


async def _check(res: Resources, body: SignIn) -> Account:
    failures_key = res.keys.sign_in_failures(body.email.strip().lower())
    failures = int(await res.redis.get(failures_key) or 0)
    if failures >= res.settings.sign_in_max_failures:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many failed sign-ins")
    account = await agents.by_email(res.engine, body.email)
    stored = account.password_hash if account else _dummy_hash()
    # argon2 is slow on purpose (hundreds of ms): off the event loop, so live streams and
    # other requests keep flowing while someone signs in.
    valid = await asyncio.to_thread(verify_password, stored, body.password)
    if account is None or not valid or not account.active:
        async with res.redis.pipeline(transaction=True) as pipe:
            pipe.incr(failures_key)
            pipe.expire(failures_key, res.settings.sign_in_lockout_s)
            await pipe.execute()
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong email or password")
    await res.redis.delete(failures_key)
    return account


def _agent_out(
    id: str, name: str, role: str, skills: tuple[str, ...], languages: tuple[str, ...]
) -> AgentOut:
    return AgentOut(id=id, name=name, role=role, skills=list(skills), languages=list(languages))


@router.post("", response_model=SessionOut)
async def sign_in(
    body: SignIn, request: Request, response: Response, res: ResourcesDep
) -> SessionOut:
    _refuse_cross_site(request)
    account = await _check(res, body)
    # A fresh token at every sign-in (no session fixation); the one replaced ends here.
    await res.sessions.delete(request.cookies.get(SESSION_COOKIE, ""))
    token, session = await res.sessions.create(account.id)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        secure=res.settings.session_cookie_secure,
        samesite="strict",
        path="/",
    )
    agent = _agent_out(account.id, account.name, account.role, account.skills, account.languages)
    return SessionOut(agent=agent, csrf_token=session.csrf_token)


@router.get("", response_model=SessionOut)
async def who_am_i(request: Request, principal: PrincipalDep, res: ResourcesDep) -> SessionOut:
    """The signed-in agent and the session's CSRF token (a page reload reads it here)."""
    session = await res.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
    if session is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first")
    p = principal
    agent = _agent_out(p.id, p.name, p.role, p.skills, p.languages)
    return SessionOut(agent=agent, csrf_token=session.csrf_token)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out(
    request: Request, response: Response, _p: PrincipalDep, res: ResourcesDep
) -> None:
    await res.sessions.delete(request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        secure=res.settings.session_cookie_secure,
        httponly=True,
        samesite="strict",
    )
