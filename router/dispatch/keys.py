"""Redis keys of dispatch. Every one carries the ``{q}`` hash tag of the queues, so one Lua
script can take a conversation out of its queue and reserve an agent's capacity on one
Redis Cluster slot."""

from __future__ import annotations

from dataclasses import dataclass

from router.keys import Keys


@dataclass(frozen=True, slots=True)
class DispatchKeys:
    base: Keys

    @property
    def tag(self) -> str:
        return f"{self.base.prefix}:{{q}}:"

    @property
    def assigned(self) -> str:
        """Hash: conversation -> "agent|channel|state|seq|since_ms|enqueued_ms"."""
        return self.base.assigned

    @property
    def released(self) -> str:
        """Hash: conversation -> sequence number of its newest release (for repair)."""
        return self.tag + "released"

    @property
    def last_agent(self) -> str:
        """Hash: conversation -> the agent who last held it (sticky routing)."""
        return self.tag + "last"

    @property
    def requirements(self) -> str:
        """Hash: conversation -> its routing requirement as JSON (a cache of SQL)."""
        return self.tag + "req"

    @property
    def seq(self) -> str:
        return self.tag + "seq"

    @property
    def seen(self) -> str:
        """Hash: agent -> "status|ms" of the agent's newest heartbeat."""
        return self.tag + "seen"

    @property
    def online(self) -> str:
        """Sorted set: agent -> ms of the newest heartbeat saying "online" (the web chat asks
        it whether anyone is there to answer)."""
        return self.tag + "online"

    def heartbeat(self, agent: str) -> str:
        """String with a TTL: the agent's presence; gone = offline."""
        return f"{self.tag}hb:{agent}"

    def load(self, agent: str) -> str:
        """Hash: channel -> conversations the agent holds (offers included)."""
        return f"{self.tag}load:{agent}"

    def capacity(self, agent: str) -> str:
        """Hash: channel (or "*") -> how many the agent may hold at once."""
        return f"{self.tag}cap:{agent}"

    def holding(self, agent: str) -> str:
        """Set: the conversations the agent holds."""
        return f"{self.tag}mine:{agent}"

    def declined(self, conversation: str) -> str:
        """Set (expiring): agents not to offer this conversation to again for a while."""
        return f"{self.tag}declined:{conversation}"

    def rotation(self, queue: str) -> str:
        """Counter: where round robin starts next in ``queue``."""
        return f"{self.tag}rr:{queue}"
