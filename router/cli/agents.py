"""``switchboard agents add`` / ``agents list``: the people conversations are given to."""

from __future__ import annotations

import click
import orjson

from router.cli.common import run, settings_of
from router.dispatch.agents import ROLES, add_agent, list_agents, names, parse_capacity
from router.dispatch.errors import AgentError
from router.dispatch.model import Agent
from router.store.engine import create_engine
from router.store.migrate import upgrade


@click.group()
def agents() -> None:
    """Agents: languages, skills, teams, capacity per channel, shifts."""


@agents.command("add")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="agent", show_default=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Prompted for when not given (stored only as an argon2 hash).",
)
@click.option("--languages", default="", help="Comma-separated, e.g. en,de,ru")
@click.option("--skills", default="", help="Comma-separated topics, e.g. withdrawals,security")
@click.option("--teams", default="", help="Comma-separated team names")
@click.option(
    "--capacity", default="", help="Per channel, e.g. webchat=4,email=10 (or one number for all)"
)
@click.option("--shift", "shifts", multiple=True, help="e.g. 'mon-fri 09:00-17:00' (repeatable)")
@click.option("--timezone", default="UTC", show_default=True, help="IANA name of the shifts' zone")
@click.pass_context
def add(
    ctx: click.Context,
    email: str,
    name: str,
    role: str,
    password: str,
    languages: str,
    skills: str,
    teams: str,
    capacity: str,
    shifts: tuple[str, ...],
    timezone: str,
) -> None:
    """Add an agent (the first one is usually an admin)."""
    settings = settings_of(ctx)
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    created: list[Agent] = []

    async def go() -> None:
        await upgrade(settings.effective_database_url)
        engine = create_engine(settings.effective_database_url)
        try:
            created.append(
                await add_agent(
                    engine,
                    email=email,
                    name=name,
                    password=password,
                    role=role,
                    languages=names(languages),
                    skills=names(skills),
                    teams=names(teams),
                    capacity=parse_capacity(capacity) if capacity else {},
                    schedule=shifts,
                    timezone=timezone,
                )
            )
        finally:
            await engine.dispose()

    try:
        run(go())
    except AgentError as exc:  # a bad shift or time zone too
        raise click.ClickException(str(exc)) from exc
    agent = created[0]
    click.echo(f"Added {agent.role} {agent.email} ({agent.id})")


@agents.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every agent with role, languages, skills, capacity and shifts."""
    settings = settings_of(ctx)
    found: list[Agent] = []

    async def go() -> None:
        await upgrade(settings.effective_database_url)
        engine = create_engine(settings.effective_database_url)
        try:
            found.extend(await list_agents(engine))
        finally:
            await engine.dispose()

    run(go())
    for a in found:
        if as_json:
            click.echo(orjson.dumps(_json(a)).decode())
            continue
        caps = ",".join(f"{k}={v}" for k, v in sorted(a.capacity.items())) or "default"
        shifts = "; ".join(a.schedule) or "always"
        click.echo(
            f"{a.email:<30} {a.role:<10} {'active' if a.active else 'inactive':<8} "
            f"lang={','.join(a.languages) or '-'} skills={','.join(a.skills) or '-'} "
            f"teams={','.join(a.teams) or '-'} capacity={caps} shifts={shifts} ({a.timezone})"
        )
    if not found and not as_json:
        click.echo("(no agents yet: switchboard agents add --email ... --name ... --role admin)")


def _json(a: Agent) -> dict[str, object]:
    return {
        "id": a.id,
        "email": a.email,
        "name": a.name,
        "role": a.role,
        "active": a.active,
        "languages": list(a.languages),
        "skills": list(a.skills),
        "teams": list(a.teams),
        "capacity": dict(a.capacity),
        "schedule": list(a.schedule),
        "timezone": a.timezone,
    }
