"""What dispatch operations refuse, as one tree (all permanent: retrying changes nothing)::

    DispatchError
    ├── AgentError (ValueError)      an agent that cannot be stored as given
    │   └── ScheduleError            a shift window or time zone that cannot be read
    ├── NotFound (LookupError)       no such open conversation, active agent or offer
    ├── NoRoom                       the agent has no free seat on that channel
    └── NotPresent                   the agent is offline and cannot take work

Transient failures (Redis or the database away) are not wrapped: the dispatcher loop backs
off and retries them, the API answers 5xx.
"""

from __future__ import annotations


class DispatchError(Exception):
    pass


class AgentError(DispatchError, ValueError):
    pass


class ScheduleError(AgentError):
    pass


class NotFound(DispatchError, LookupError):
    pass


class NoRoom(DispatchError):
    pass


class NotPresent(DispatchError):
    pass
