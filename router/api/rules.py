"""Admin endpoints for routing rules: the active set and history, validate, publish, roll back.

Every route depends on :func:`router.api.deps.require_admin`. A document that does not
validate is answered 422 with its problems and is never stored nor activated.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field

from router import rulesets
from router.api.deps import AdminDep, ResourcesDep
from routing_rules import InvalidRules, Problem, validate

router = APIRouter(prefix="/api/rules", tags=["rules"])

API_FILENAME = "<api>"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesIn(_Body):
    text: str
    filename: str = API_FILENAME  # only used in problem messages


class PublishIn(RulesIn):
    message: str = Field(min_length=1)


class RollbackIn(_Body):
    version: str = Field(min_length=1)
    message: str = "rollback"


class ProblemOut(_Body):
    line: int
    col: int
    message: str
    text: str  # file:line:col: message, as the CLI prints it


class ValidationOut(_Body):
    valid: bool
    problems: list[ProblemOut]


class PublicationOut(_Body):
    version: str
    author: str
    message: str
    published_at: datetime


class ActiveOut(_Body):
    version: str
    text: str


class RulesOut(_Body):
    active: ActiveOut | None
    history: list[PublicationOut]


class VersionOut(_Body):
    version: str


def _problems(problems: list[Problem] | tuple[Problem, ...]) -> list[ProblemOut]:
    return [ProblemOut(line=p.line, col=p.col, message=p.message, text=str(p)) for p in problems]


def _refused(exc: InvalidRules) -> HTTPException:
    problems = [p.model_dump() for p in _problems(exc.problems)]
    detail = {"message": "the rules do not validate; nothing changed", "problems": problems}
    return HTTPException(422, detail)


@router.get("", response_model=RulesOut)
async def show(
    res: ResourcesDep, _admin: AdminDep, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> RulesOut:
    found = await rulesets.active(res.engine)
    publications = await rulesets.history(res.engine, limit)
    return RulesOut(
        active=ActiveOut(version=found.version, text=found.text) if found else None,
        history=[PublicationOut.model_validate(p, from_attributes=True) for p in publications],
    )


@router.post("/validate", response_model=ValidationOut)
async def validate_rules(body: RulesIn, _admin: AdminDep) -> ValidationOut:
    problems = validate(body.text, body.filename)
    return ValidationOut(valid=not problems, problems=_problems(problems))


@router.post("/publish", response_model=VersionOut, status_code=status.HTTP_201_CREATED)
async def publish(body: PublishIn, res: ResourcesDep, admin: AdminDep) -> VersionOut:
    try:
        version = await rulesets.publish(
            res.engine,
            res.redis,
            res.keys,
            text=body.text,
            filename=body.filename,
            author=admin.name,
            message=body.message,
            now=datetime.now(UTC),
        )
    except InvalidRules as exc:
        raise _refused(exc) from exc
    return VersionOut(version=version)


@router.post("/rollback", response_model=VersionOut)
async def rollback(body: RollbackIn, res: ResourcesDep, admin: AdminDep) -> VersionOut:
    try:
        version = await rulesets.rollback(
            res.engine,
            res.redis,
            res.keys,
            version=body.version,
            author=admin.name,
            now=datetime.now(UTC),
            message=body.message,
        )
    except rulesets.UnknownVersion as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except InvalidRules as exc:
        raise _refused(exc) from exc
    return VersionOut(version=version)
