// Switchboard agent inbox. Plain JS, no build step.
// Safety rule: every string that came from a customer (or from the API at all) is put on the
// page with textContent or a text node, never innerHTML; no link is built from message text.
"use strict";

(() => {
  const state = {
    me: null, csrf: "", view: "queues", queue: "", query: "",
    items: [], selected: "", detail: null, cursor: -1,
    events: null, refreshTimer: 0, dispatch: { take: true, offers: true, agents: true },
    heartbeatTimer: 0, customerTypingTimer: 0, myTypingAt: 0, myTypingOff: 0, replyChannelOf: "",
  };
  const HEARTBEAT_DEFAULT_MS = 20000;
  const CUSTOMER_TYPING_MS = 6000; // the widget repeats "typing" every 2 s while it lasts
  const MY_TYPING_EVERY_MS = 3000;
  const MY_TYPING_IDLE_MS = 4000;
  const DISPATCH_EVENTS = new Set(["conversation.offered", "conversation.assigned", "conversation.requeued"]);
  const UNREACHABLE = new Set(["account"]); // a verified visitor's user id, not a channel
  const $ = (id) => document.getElementById(id);

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  // Builds an element; strings become text nodes, never markup.
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
    const response = await fetch(path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && path !== "/api/session") {
      showSignIn();
      throw new ApiError(401, "signed out");
    }
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (_) { data = null; }
    }
    if (!response.ok) {
      const detail = data && data.detail;
      const message = typeof detail === "string" ? detail : (detail ? JSON.stringify(detail) : response.statusText);
      throw new ApiError(response.status, message);
    }
    return { status: response.status, data };
  }

  function say(id, text) { $(id).textContent = text; }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : ""; }
  function isStaff() { return state.me && (state.me.role === "supervisor" || state.me.role === "admin"); }

  // ---- sign-in ---------------------------------------------------------------------------
  function showSignIn() {
    if (state.events) { state.events.close(); state.events = null; }
    clearTimeout(state.heartbeatTimer);
    state.me = null; state.csrf = "";
    $("app").hidden = true;
    $("signin").hidden = false;
    $("signin-email").focus();
  }

  async function start(session) {
    state.me = session.agent;
    state.csrf = session.csrf_token;
    $("signin").hidden = true;
    $("app").hidden = false;
    say("me", `${state.me.name} · ${state.me.role}`);
    for (const node of document.querySelectorAll(".staff-only")) node.hidden = !isStaff();
    connectLive();
    heartbeat();
    await Promise.all([loadQueues(), loadTransferTargets(), loadAgents()]);
    route();
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    say("signin-error", "");
    try {
      const { data } = await api("POST", "/api/session", {
        email: $("signin-email").value, password: $("signin-password").value,
      });
      $("signin-password").value = "";
      await start(data);
    } catch (error) {
      say("signin-error", error.status === 401 ? "Wrong email or password." : error.message);
    }
  });

  $("signout").addEventListener("click", async () => {
    try { await api("POST", "/api/agents/me/presence", { status: "offline" }); } catch (_) { /* dispatch may be absent */ }
    try { await api("DELETE", "/api/session"); } finally { showSignIn(); }
  });

  // ---- presence and offers (dispatch endpoints; the inbox works without them) ----------------
  // The presence POST is also the heartbeat: it is repeated well within the server's
  // heartbeat_ttl_s, or dispatch takes the agent for offline and requeues their work.
  async function heartbeat() {
    clearTimeout(state.heartbeatTimer);
    if (!state.me) return;
    let every = HEARTBEAT_DEFAULT_MS;
    try {
      const { data } = await api("POST", "/api/agents/me/presence", { status: $("presence").value });
      if (data && data.heartbeat_ttl_s > 0) every = Math.max(1000, Math.min(HEARTBEAT_DEFAULT_MS, data.heartbeat_ttl_s * 1000 / 3));
      $("presence").dataset.status = data ? data.status : "";
    } catch (error) {
      if (error.status === 401) return;
    }
    state.heartbeatTimer = setTimeout(heartbeat, every);
    if (state.dispatch.offers) await loadOffers();
  }
  $("presence").addEventListener("change", heartbeat);

  async function loadOffers() {
    try {
      const { data } = await api("GET", "/api/offers");
      const offers = Array.isArray(data) ? data : [];
      $("offers-box").hidden = offers.length === 0;
      $("offers").replaceChildren(...offers.map(offerItem));
    } catch (error) {
      if (error.status === 404 || error.status === 405) state.dispatch.offers = false;
    }
  }

  function offerItem(offer) {
    const answer = (verb) => async () => {
      try {
        await api("POST", `/api/offers/${encodeURIComponent(offer.conversation_id)}/${verb}`);
        if (verb === "accept") { open(offer.conversation_id); loadList().catch(() => {}); }
      } catch (error) { say("action-status", error.message); }
      loadOffers();
    };
    return el("li", {},
      el("span", { text: `${offer.queue} · ${offer.channel} · until ${new Date(offer.expires_at).toLocaleTimeString()}` }),
      el("button", { type: "button", text: "Accept", onclick: answer("accept") }),
      el("button", { type: "button", text: "Decline", onclick: answer("decline") }));
  }

  // ---- queues and lists ---------------------------------------------------------------------
  async function loadQueues() {
    const { data } = await api("GET", "/api/inbox/queues");
    $("queues").replaceChildren(...data.map((q) => el("li", {},
      el("button", {
        type: "button", class: "queue-name", title: q.description,
        text: `${q.name} (${q.depth})`, "data-queue": q.name,
        onclick: () => { state.view = "queues"; state.queue = q.name; state.query = ""; $("search").value = ""; loadList(); },
      }),
      el("button", { type: "button", class: "take", text: "Take next", onclick: () => takeNext(q.name) }))));
  }

  async function loadTransferTargets() {
    const { data } = await api("GET", "/api/inbox/queues?scope=all");
    $("transfer-queue").replaceChildren(...data.map((q) => el("option", { value: q.name, text: q.name })));
  }

  async function loadAgents() {
    if (!isStaff()) return;
    try {
      const { data } = await api("GET", "/api/agents");
      const agents = Array.isArray(data) ? data : [];
      $("assign-agent").replaceChildren(...agents.map((a) => el("option", { value: a.id, text: `${a.name} (${a.presence}, ${a.holding} open)` })));
    } catch (_) {
      $("assign-form").hidden = true;
    }
  }

  // 200 {conversation_id}: it is now assigned to me; 204: nothing there fits my skills and
  // capacity; 409: I am offline (dispatch gives work to present agents only).
  async function takeNext(queue) {
    try {
      const { status, data } = await api("POST", `/api/queues/${encodeURIComponent(queue)}/take`);
      if (status === 204 || !data || !data.conversation_id) {
        say("action-status", `Nothing in ${queue} for you right now.`);
        return;
      }
      say("action-status", `Taken from ${queue}.`);
      open(data.conversation_id);
      await Promise.all([loadList(), loadQueues()]);
    } catch (error) {
      if (error.status === 409) say("action-status", "You are offline: set your presence to Online to take conversations.");
      else say("action-status", error.status === 404 || error.status === 405 ? "Taking is not available on this server." : error.message);
    }
  }

  function listTitle() {
    if (state.query) return `Search: ${state.query}`;
    const names = { mine: "Mine", queues: "Queues", all: "All conversations" };
    return names[state.view] + (state.queue ? ` · ${state.queue}` : "");
  }

  async function loadList() {
    const params = new URLSearchParams({ view: state.view });
    if (state.queue) params.set("queue", state.queue);
    if (state.query) params.set("q", state.query);
    const { data } = await api("GET", `/api/inbox/conversations?${params}`);
    state.items = data.items;
    say("list-title", listTitle());
    for (const button of document.querySelectorAll(".view")) {
      button.setAttribute("aria-pressed", String(button.dataset.view === state.view && !state.query));
    }
    $("list-empty").hidden = data.items.length > 0;
    $("list").replaceChildren(...data.items.map(listItem));
  }

  function listItem(item, index) {
    const button = el("button", {
      type: "button", class: "item", "data-id": item.id,
      onclick: () => { state.cursor = index; open(item.id); },
    },
    el("span", { class: "who", text: item.customer_name || item.customer_id }),
    el("span", { class: `badge urgency-${item.urgency}`, text: item.urgency }),
    el("span", { class: "meta", text: `${item.channel} · ${item.queue} · p${item.priority} · ${item.status}` }),
    el("span", { class: "meta", text: when(item.last_message_at) }),
    el("span", { class: "tags", text: item.tags.join(" · ") }));
    if (item.id === state.selected) button.setAttribute("aria-current", "true");
    return el("li", {}, button);
  }

  // ---- one conversation -----------------------------------------------------------------------
  function open(id) {
    if (location.hash !== `#/c/${id}`) location.hash = `#/c/${id}`;
    else loadDetail(id);
  }

  async function loadDetail(id) {
    if (id !== state.selected) showCustomerTyping(false);
    state.selected = id;
    let detail;
    try {
      ({ data: detail } = await api("GET", `/api/inbox/conversations/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error.status === 404) { say("detail-empty", "No such conversation (or not yours to read)."); showDetail(false); }
      return;
    }
    if (state.selected !== id) return; // another conversation was opened meanwhile: a stale answer
    state.detail = detail;
    renderDetail(detail);
    showDetail(true);
    for (const node of document.querySelectorAll(".item")) {
      if (node.dataset.id === id) node.setAttribute("aria-current", "true"); else node.removeAttribute("aria-current");
    }
  }

  function showDetail(shown) {
    $("detail").hidden = !shown;
    $("detail-empty").hidden = shown;
    document.body.classList.toggle("showing-detail", shown);
  }

  function renderDetail(d) {
    const c = d.conversation;
    say("c-title", d.customer.display_name || d.customer.id);
    const handles = d.customer.identities.map((i) => `${i.channel}: ${i.external_id}`).join(", ");
    say("c-meta", `${c.channel} · queue ${c.queue} · priority ${c.priority} · language ${c.language || "?"} · topic ${c.topic || "?"} · urgency ${c.urgency} · ${c.status}`
      + (d.snoozed_until ? ` until ${when(d.snoozed_until)}` : "")
      + (d.merged_into ? ` · merged into ${d.merged_into}` : "")
      + (d.customer.vip_tier ? ` · VIP ${d.customer.vip_tier}` : "") + (handles ? ` · ${handles}` : ""));
    $("c-tags").replaceChildren(...c.tags.map((t) => el("span", { class: "tag", text: t })));
    $("tags-input").value = c.tags.join(", ");
    $("priority-input").value = c.priority;
    $("transfer-queue").value = c.queue;
    $("resolve").hidden = c.status === "resolved";
    $("reopen").hidden = c.status !== "resolved";
    $("c-history").replaceChildren(...d.history.map((h) => el("li", {},
      el("button", { type: "button", class: "link", text: `${when(h.created_at)} · ${h.channel} · ${h.queue} · ${h.status} · ${h.message_count} messages`, onclick: () => open(h.id) }))));
    $("c-history-box").hidden = d.history.length === 0;
    $("merge-into").replaceChildren(el("option", { value: "", text: "another conversation of this customer…" }),
      ...d.history.filter((h) => h.status !== "resolved").map((h) => el("option", { value: h.id, text: `${h.channel} · ${h.queue} · ${when(h.last_message_at)}` })));
    $("merge-form").hidden = d.history.length === 0;
    renderReplyChannels(d);
    $("canned").replaceChildren(el("option", { value: "", text: "Canned response…" }),
      ...d.canned.map((r, i) => el("option", { value: String(i), text: `${r.title} (${r.language})` })));
    $("messages").replaceChildren(...d.messages.map(messageItem));
    const last = $("messages").lastElementChild;
    if (last) last.scrollIntoView({ block: "nearest" });
  }

  // The conversation's own channel first, then every other channel the customer has an
  // identity on: a reply may go out there instead.
  function renderReplyChannels(d) {
    const own = d.conversation.channel;
    const others = d.customer.identities.map((i) => i.channel).filter((c) => c !== own && !UNREACHABLE.has(c));
    const channels = [own, ...new Set(others)];
    const before = $("reply-channel").value;
    $("reply-channel").replaceChildren(...channels.map((c) => el("option", { value: c, text: c === own ? `${c} (this conversation)` : c })));
    // A re-render of the same conversation (live update) keeps the agent's pick.
    const keep = state.replyChannelOf === d.conversation.id && channels.includes(before);
    state.replyChannelOf = d.conversation.id;
    $("reply-channel").value = keep ? before : own;
    $("reply-channel-box").hidden = channels.length < 2;
  }

  const REDACTION = /\[redacted: [^\]\n]{1,64}\]/g;

  // The text with entities and redaction markers wrapped in <mark>, everything as text nodes.
  // Entity offsets are code points (Python), so the text is indexed as an array of them.
  function renderText(text, entities) {
    const chars = Array.from(text);
    const marks = (entities || []).map((e) => ({
      start: e.start, end: e.end, cls: `entity entity-${e.kind}`, title: e.kind + (e.detail ? ` (${e.detail})` : ""),
    }));
    for (const found of text.matchAll(REDACTION)) {
      const start = Array.from(text.slice(0, found.index)).length;
      marks.push({ start, end: start + Array.from(found[0]).length, cls: "redacted", title: "removed before it was stored" });
    }
    marks.sort((a, b) => a.start - b.start);
    const out = document.createDocumentFragment();
    let at = 0;
    for (const mark of marks) {
      if (mark.start < at) continue;
      if (mark.start > at) out.append(chars.slice(at, mark.start).join(""));
      out.append(el("mark", { class: mark.cls, title: mark.title, text: chars.slice(mark.start, mark.end).join("") }));
      at = mark.end;
    }
    if (at < chars.length) out.append(chars.slice(at).join(""));
    return out;
  }

  function decisionBox(decision) {
    if (!decision) return null;
    const p = decision.payload || {};
    const cls = p.classification || {};
    const pct = (x) => (typeof x === "number" ? ` ${Math.round(x * 100)}%` : "");
    return el("details", { class: "decision" },
      el("summary", { text: `Routed to ${decision.queue} · priority ${decision.priority} · ${p.outcome || ""} · ${(p.matched_rules || []).join(", ") || "no rule"}` }),
      el("p", { text: `Language ${cls.language || "?"}${pct(cls.language_confidence)} · topic ${cls.topic || "?"}${pct(cls.topic_confidence)} · urgency ${cls.urgency || "?"}` }),
      el("p", { class: "muted", text: `Rule set ${decision.ruleset_version} · skills ${(p.skills || []).join(", ") || "none"} · tags ${(p.tags || []).join(", ") || "none"}` }),
      el("h4", { text: "Why (classification)" }),
      el("ul", {}, ...(cls.reasons || []).map((r) => el("li", { text: r }))),
      el("h4", { text: "Trace" }),
      el("ol", { class: "trace" }, ...(p.trace || []).map((t) => el("li", { text: t }))));
  }

  function messageItem(m) {
    const kind = m.direction === "internal" ? "note" : m.direction;
    const who = kind === "note" ? "Internal note" : kind === "out" ? (m.kind === "auto_reply" ? "Automatic reply" : "Reply") : (m.sender_id || "Customer");
    const status = kind === "out" ? ` · ${m.delivery_status || ""}${m.delivery_error ? `: ${m.delivery_error}` : ""}` : "";
    return el("li", { class: `message message-${kind}`, "data-id": m.id },
      el("p", { class: "message-head", text: `${who} · ${m.channel} · ${when(m.sent_at)}${status}` }),
      m.subject ? el("p", { class: "subject", text: m.subject }) : null,
      el("div", { class: "text" }, renderText(m.text, m.entities)),
      m.html ? el("p", { class: "muted", text: "This message also has an HTML version; it is never displayed." }) : null,
      m.attachments.length ? el("p", { class: "muted", text: `Attachments: ${m.attachments.map((a) => a.filename || a.name || "file").join(", ")}` }) : null,
      decisionBox(m.decision));
  }

  // ---- composer and actions ------------------------------------------------------------------
  $("canned").addEventListener("change", () => {
    const picked = state.detail && state.detail.canned[Number($("canned").value)];
    if (picked) { $("reply").value = picked.text; $("reply").focus(); }
    $("canned").value = "";
  });
  $("as-note").addEventListener("change", () => {
    $("send").textContent = $("as-note").checked ? "Add note" : "Send reply";
    $("composer").classList.toggle("noting", $("as-note").checked);
  });
  // The customer sees the agent typing (the web chat shows it): "on" at most every few
  // seconds while keys are pressed, "off" once idle or sent. Notes are never announced.
  function myTyping(on) {
    const id = state.selected;
    if (!id) return;
    clearTimeout(state.myTypingOff);
    if (on) {
      state.myTypingOff = setTimeout(() => myTyping(false), MY_TYPING_IDLE_MS);
      if (Date.now() - state.myTypingAt < MY_TYPING_EVERY_MS) return;
      state.myTypingAt = Date.now();
    } else {
      if (!state.myTypingAt) return;
      state.myTypingAt = 0;
    }
    api("POST", `/api/conversations/${encodeURIComponent(id)}/typing`, { on }).catch(() => {});
  }
  $("reply").addEventListener("input", () => { if (!$("as-note").checked && $("reply").value) myTyping(true); });
  $("reply").addEventListener("blur", () => myTyping(false));

  function showCustomerTyping(on) {
    clearTimeout(state.customerTypingTimer);
    $("c-typing").hidden = !on;
    if (on) state.customerTypingTimer = setTimeout(() => { $("c-typing").hidden = true; }, CUSTOMER_TYPING_MS);
  }

  $("reply").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); $("composer").requestSubmit(); }
  });

  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value;
    if (!text.trim() || !state.selected) return;
    const note = $("as-note").checked;
    const key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    say("send-status", note ? "Saving note…" : "Sending…");
    const body = { text, idempotency_key: key };
    const channel = $("reply-channel").value;
    if (!note && state.detail && channel && channel !== state.detail.conversation.channel) body.channel = channel;
    try {
      await api("POST", `/api/conversations/${encodeURIComponent(state.selected)}/${note ? "notes" : "replies"}`, body);
      myTyping(false);
      $("reply").value = "";
      say("send-status", note ? "Note saved." : "Reply queued for delivery.");
      await loadDetail(state.selected);
    } catch (error) {
      say("send-status", `Not sent: ${error.message}`);
    }
  });

  function action(formId, build) {
    $(formId).addEventListener("submit", async (event) => {
      event.preventDefault();
      await act(...build());
    });
  }

  async function act(method, suffix, body, done) {
    if (!state.selected) return;
    try {
      await api(method, `/api/conversations/${encodeURIComponent(state.selected)}/${suffix}`, body);
      say("action-status", done);
      await Promise.all([loadDetail(state.selected), loadList(), loadQueues()]);
    } catch (error) {
      say("action-status", error.message);
    }
  }

  action("tags-form", () => ["PUT", "tags", { tags: $("tags-input").value.split(",").map((t) => t.trim()).filter(Boolean) }, "Tags saved."]);
  action("priority-form", () => ["PUT", "priority", { priority: Number($("priority-input").value) }, "Priority set."]);
  action("transfer-form", () => ["POST", "transfer", { queue: $("transfer-queue").value }, "Transferred."]);
  action("assign-form", () => ["POST", "assign", { agent_id: $("assign-agent").value }, "Assigned."]);
  action("merge-form", () => ["POST", "merge", { into: $("merge-into").value }, "Merged."]);
  $("snooze-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = $("snooze-until").value;
    if (!value) { say("action-status", "Pick a time to snooze until."); return; }
    await act("POST", "snooze", { until: new Date(value).toISOString() }, "Snoozed.");
  });
  $("resolve").addEventListener("click", () => act("POST", "resolve", undefined, "Resolved."));
  $("reopen").addEventListener("click", () => act("POST", "reopen", undefined, "Reopened."));
  $("back").addEventListener("click", () => { location.hash = ""; showDetail(false); });

  // ---- views, search, routing --------------------------------------------------------------
  for (const button of document.querySelectorAll(".view")) {
    button.addEventListener("click", () => {
      state.view = button.dataset.view; state.queue = ""; state.query = ""; $("search").value = "";
      loadList();
    });
  }
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.query = $("search").value.trim();
    loadList();
  });

  function route() {
    const match = /^#\/c\/([A-Za-z0-9-]{1,64})$/.exec(location.hash);
    loadList();
    if (match) loadDetail(match[1]); else showDetail(false);
  }
  window.addEventListener("hashchange", () => {
    const match = /^#\/c\/([A-Za-z0-9-]{1,64})$/.exec(location.hash);
    if (match) loadDetail(match[1]); else showDetail(false);
  });

  // ---- live updates --------------------------------------------------------------------------
  function connectLive() {
    if (state.events) state.events.close();
    const events = new EventSource("/api/events");
    events.addEventListener("ready", () => { $("live").textContent = "live"; $("live").classList.add("on"); refreshSoon([]); });
    events.addEventListener("changes", (event) => refreshSoon(JSON.parse(event.data)));
    events.addEventListener("typing", (event) => {
      const typing = JSON.parse(event.data);
      if (typing.conversation_id === state.selected) showCustomerTyping(typing.on);
    });
    events.addEventListener("error", () => { $("live").textContent = "reconnecting…"; $("live").classList.remove("on"); });
    state.events = events;
  }

  function refreshSoon(changes) {
    const touchesSelected = changes.some((c) => c.conversation_id === state.selected);
    // Offers come and go with dispatch's events (only mine reach me): show them at once.
    if (state.dispatch.offers && changes.some((c) => DISPATCH_EVENTS.has(c.type))) loadOffers();
    if (changes.some((c) => c.conversation_id === state.selected && c.type === "messages.routed")) showCustomerTyping(false);
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(() => {
      if (!state.me) return;
      loadList().catch(() => {});
      loadQueues().catch(() => {});
      if (touchesSelected && state.selected) loadDetail(state.selected);
    }, 200);
  }

  // ---- keyboard ----------------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (!state.me || event.altKey || event.ctrlKey || event.metaKey) return;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (event.key === "Escape") {
      if (typing) event.target.blur(); else { location.hash = ""; showDetail(false); }
      return;
    }
    if (typing) return;
    const items = Array.from(document.querySelectorAll(".item"));
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      state.cursor = Math.max(0, Math.min(items.length - 1, state.cursor + (event.key === "j" ? 1 : -1)));
      if (items[state.cursor]) items[state.cursor].focus();
    } else if (event.key === "/") {
      event.preventDefault(); $("search").focus();
    } else if ((event.key === "r" || event.key === "n") && state.selected) {
      event.preventDefault();
      $("as-note").checked = event.key === "n";
      $("as-note").dispatchEvent(new Event("change"));
      $("reply").focus();
    }
  });

  // ---- boot -----------------------------------------------------------------------------------
  api("GET", "/api/session").then(({ data }) => start(data)).catch(showSignIn);
})();
