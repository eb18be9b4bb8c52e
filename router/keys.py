"""Redis key names, in one place.

Every key starts with the configured prefix and carries a hash tag (``{...}``): keys that
one atomic operation touches together share a tag, so they land on one Redis Cluster slot,
while unrelated families spread across the cluster.

- ``{in}``     the inbound stream and its dead-letter stream
- ``{out:C}``  the outbound stream of channel C, its dead letters and its sent-markers
- ``{rcpt}``   delivery receipts coming back from the connectors, and their dead letters
- ``{ev}``     the event stream for live UIs
- ``{q}``      every queue, and the index of which queue holds a conversation: moving a
               conversation between queues is one Lua script over these keys; dispatch's
               state too (holdings, loads, capacities, presence; router.dispatch.keys), so
               taking a conversation from its queue for an agent is one script as well
- ``{rules}``  the version of the active routing rule set, which every router polls
- ``{sess}``   signed-in agents' sessions and failed sign-in counters
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Keys:
    prefix: str = "sb"

    @property
    def inbound(self) -> str:
        return f"{self.prefix}:{{in}}:stream"

    @property
    def receipts(self) -> str:
        return f"{self.prefix}:{{rcpt}}:stream"

    @property
    def events(self) -> str:
        return f"{self.prefix}:{{ev}}:stream"

    def outbound(self, channel: str) -> str:
        return f"{self.prefix}:{{out:{channel}}}:stream"

    def sent_marker(self, channel: str, idempotency_key: str) -> str:
        return f"{self.prefix}:{{out:{channel}}}:sent:{idempotency_key}"

    @staticmethod
    def dead_letter(stream: str) -> str:
        """The dead-letter stream of ``stream``: same hash tag, so a move is one MULTI."""
        return stream.removesuffix(":stream") + ":dlq"

    def queue(self, name: str) -> str:
        return f"{self.prefix}:{{q}}:queue:{name}"

    @property
    def queue_prefix(self) -> str:
        return f"{self.prefix}:{{q}}:queue:"

    @property
    def queue_index(self) -> str:
        """Hash: conversation id -> the queue that holds it."""
        return f"{self.prefix}:{{q}}:where"

    @property
    def queue_names(self) -> str:
        """Set of every queue name that has ever held a conversation."""
        return f"{self.prefix}:{{q}}:names"

    @property
    def assigned(self) -> str:
        """Hash: conversation -> the agent holding it (router.dispatch); never queued too."""
        return f"{self.prefix}:{{q}}:assigned"

    @property
    def rules_active(self) -> str:
        """String: the version of the newest published rule set (a change signal; SQL decides)."""
        return f"{self.prefix}:{{rules}}:active"

    def session(self, token_hash: str) -> str:
        """String: one signed-in session (JSON), under the SHA-256 of its cookie token."""
        return f"{self.prefix}:{{sess}}:{token_hash}"

    def sign_in_failures(self, email: str) -> str:
        """Counter of failed sign-ins for one email, expiring with the lock-out window."""
        return f"{self.prefix}:{{sess}}:fail:{email}"
