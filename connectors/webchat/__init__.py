"""The web chat channel: an embeddable widget talking to this package's WebSocket server.

How it fills a :class:`~router.models.Message` (see :mod:`connectors.base`)::

    webchat   external_id  "<sender>/<client message id>" (resends dedupe on it)
              thread_key   the sender: one chat per visitor, or per verified user
              sender       "v:<visitor id>" (signed by us) or "u:<user id>" (signed by
                           the host site)
              hint         the pre-chat form's language, else navigator.language;
                           inbound over this process's WebSocket

Modules: ``identity`` (tokens), ``protocol`` (frames), ``server`` (HTTP + WebSocket),
``welcome`` (opening a chat), ``session`` (one open widget), ``hub`` (this process's
chats), ``live`` (replies, events, queue positions), ``waiting`` (position and estimated
wait), ``store`` (SQL), ``abuse`` (rate limits, spam), ``hours``, ``connector`` (sending),
``followup`` (presence, and answers by email for visitors who left),
``process`` (the ``connector webchat`` process). The widget is ``static/widget.js``.
"""
