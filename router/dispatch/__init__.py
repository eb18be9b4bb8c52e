"""Dispatch: which agent answers which waiting conversation (issue 5).

- :mod:`.model`, :mod:`.selection`, :mod:`.shifts`: the nouns and the pure rules of choice.
- :mod:`.scripts`: the atomic steps in Redis (Lua), and why they are in Redis.
- :mod:`.service`: operations shared by the dispatcher and the HTTP API.
- :mod:`.engine`: the ``switchboard dispatch`` loop; :mod:`.reconcile`: repair.
- :mod:`.agents`, :mod:`.requirements`, :mod:`.ledger`: what SQL holds and how it is written.
- :mod:`.presence`: heartbeats; :mod:`.keys`: Redis key names; :mod:`.errors`: refusals.
"""
