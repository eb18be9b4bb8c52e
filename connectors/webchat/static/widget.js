/* Switchboard web chat widget. One tag on the host page:
 *   <script src="https://chat.example.com/widget.js" async
 *           data-color="#0b7a53" data-position="right" data-user-token="..."></script>
 * Vanilla JS, no build step. Renders inside a Shadow DOM (host CSS cannot leak in), builds
 * every node with the DOM API (no eval, no inline script or style), so it works under a
 * strict Content-Security-Policy that allows this origin for script, style and connect.
 * Messages carry client ids and stay in a local outbox until the server acknowledges
 * them; after a reconnect the outbox is sent again and the server's dedupe absorbs repeats.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.SwitchboardChat) return;
  var base = new URL(".", script.src).href;
  var data = script.dataset;
  var store = namespacedStore("sbchat:" + base);
  var S = {}; // texts
  var cfg = { online: true, topics: [], languages: [], max_text_chars: 4000, max_attachment_bytes: 0 };
  var ws = null, attempt = 0, timer = null, stopped = false, opened = false;
  var visitor = store.get("visitor") || "";
  var outbox = store.get("outbox") || []; // [{id, text, attachments}] not yet acknowledged
  var profile = store.get("profile") || null;
  var conversationId = "", lastAgentId = "", typingTimer = null, myTypingAt = 0, myTypingOff = null;
  var els = {};

  function namespacedStore(prefix) {
    function get(k) { try { return JSON.parse(localStorage.getItem(prefix + k)); } catch (e) { return null; } }
    function set(k, v) { try { localStorage.setItem(prefix + k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
    return { get: get, set: set };
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function t(key, vars) {
    var s = S[key] || key;
    Object.keys(vars || {}).forEach(function (k) { s = s.replace("{" + k + "}", vars[k]); });
    return s;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* ---------- the DOM ---------- */
  function build() {
    var host = el("switchboard-chat");
    host.setAttribute("data-state", "connecting");
    if (data.color) host.style.setProperty("--sb-accent", data.color);
    if (data.position === "left") host.classList.add("left");
    var root = host.attachShadow({ mode: "open" });
    var css = el("link"); css.rel = "stylesheet"; css.href = base + "widget.css";
    root.appendChild(css);
    var launcher = el("button", "launcher", t("launcher")); launcher.type = "button";
    var panel = el("section", "panel hidden");
    panel.setAttribute("role", "dialog");
    var head = el("header", "head");
    var title = el("div", "title", data.title || t("title"));
    var status = el("div", "status", t("subtitle"));
    var end = el("button", "end", t("end_chat")); end.type = "button";
    var close = el("button", "close", "×"); close.type = "button"; close.setAttribute("aria-label", t("close"));
    head.append(title, status, end, close);
    var queue = el("div", "queue hidden");
    var list = el("ol", "messages"); list.setAttribute("aria-live", "polite");
    var typing = el("div", "typing hidden", t("typing"));
    var notice = el("div", "notice hidden");
    var composer = el("form", "composer");
    var file = el("input", "file"); file.type = "file"; file.accept = "image/png,image/jpeg,image/gif,image/webp,application/pdf";
    var attach = el("button", "attach", "+"); attach.type = "button"; attach.setAttribute("aria-label", t("attach"));
    var input = el("textarea", "input"); input.rows = 1; input.placeholder = t("placeholder");
    input.maxLength = cfg.max_text_chars;
    var send = el("button", "send", t("send")); send.type = "submit";
    composer.append(file, attach, input, send);
    panel.append(head, queue, list, typing, notice, composer);
    root.append(launcher, panel);
    document.body.appendChild(host);
    els = { host: host, root: root, launcher: launcher, panel: panel, status: status, queue: queue, list: list,
      typing: typing, notice: notice, composer: composer, input: input, file: file, attach: attach, end: end };
    launcher.addEventListener("click", openPanel);
    close.addEventListener("click", function () { panel.classList.add("hidden"); launcher.classList.remove("hidden"); });
    end.addEventListener("click", function () { send_({ type: "end" }); });
    composer.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
    input.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(); } });
    input.addEventListener("input", typingStarted);
    attach.addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () { if (file.files[0]) upload(file.files[0]); file.value = ""; });
    if (data.open === "true") openPanel();
  }

  function openPanel() {
    els.panel.classList.remove("hidden");
    els.launcher.classList.add("hidden");
    opened = true;
    if (!cfg.online) showOffline();
    else if (!profile && !els.list.children.length) showPrechat();
    markRead();
    els.input.focus();
  }

  function overlay(cls, titleText, fields, buttonText, onSubmit) {
    var form = el("form", "overlay " + cls);
    form.appendChild(el("h2", "", titleText));
    fields.forEach(function (f) { form.appendChild(f); });
    var button = el("button", "primary", buttonText); button.type = "submit";
    form.appendChild(button);
    form.addEventListener("submit", function (e) { e.preventDefault(); onSubmit(form); });
    els.panel.appendChild(form);
    return form;
  }

  function field(label, node) {
    var wrap = el("label", "field");
    wrap.append(el("span", "", label), node);
    return wrap;
  }

  function select(name, options, current) {
    var s = el("select"); s.name = name;
    [""].concat(options).forEach(function (o) { var opt = el("option", "", o); opt.value = o; s.appendChild(opt); });
    s.value = current || "";
    return s;
  }

  function textInput(name, type) { var i = el("input"); i.name = name; i.type = type || "text"; return i; }

  function showPrechat() {
    if (els.panel.querySelector(".prechat")) return;
    var name = textInput("name"), email = textInput("email", "email");
    var topic = select("topic", cfg.topics), lang = select("language", cfg.languages, cfg.lang);
    var form = overlay("prechat", t("prechat_title"),
      [field(t("name"), name), field(t("email"), email), field(t("topic"), topic), field(t("language"), lang)],
      t("start"), function () {
        profile = { name: name.value.trim(), email: email.value.trim(), topic: topic.value, language: lang.value };
        store.set("profile", profile);
        send_({ type: "profile", profile: profile });
        form.remove();
        els.input.focus();
      });
  }

  function showOffline() {
    if (els.panel.querySelector(".offline")) return;
    var email = textInput("email", "email"); email.required = true;
    var message = el("textarea"); message.name = "message"; message.required = true;
    message.maxLength = cfg.max_text_chars;
    var why = el("p", "", t(cfg.offline_reason === "agents" ? "offline_agents" : "offline_hours") + " " + t("offline_help"));
    var form = overlay("offline", t("offline_title"), [why, field(t("email"), email), field(t("placeholder"), message)],
      t("offline_send"), function () {
        if (!email.value.trim()) { showNotice(t("email_required")); return; }
        profile = Object.assign({}, profile || {}, { email: email.value.trim() });
        store.set("profile", profile);
        send_({ type: "profile", profile: profile });
        queueMessage(message.value, []);
        form.replaceChildren(el("p", "thanks", t("offline_sent")));
      });
  }

  function showRating(cid) {
    if (!cid || els.panel.querySelector(".rating")) return;
    var stars = el("div", "stars"), chosen = 0;
    for (var i = 1; i <= 5; i++) {
      (function (n) {
        var b = el("button", "star", "★"); b.type = "button"; b.setAttribute("aria-label", String(n)); b.value = String(n);
        b.addEventListener("click", function () {
          chosen = n;
          Array.prototype.forEach.call(stars.children, function (s, k) { s.classList.toggle("on", k < n); });
        });
        stars.appendChild(b);
      })(i);
    }
    var comment = el("textarea"); comment.name = "comment"; comment.maxLength = 2000;
    var form = overlay("rating", t("rate_title"), [stars, field(t("rate_comment"), comment)], t("rate_send"), function () {
      if (!chosen) return;
      send_({ type: "rate", conversation_id: cid, rating: chosen, comment: comment.value });
      form.replaceChildren(el("p", "thanks", t("rate_thanks")));
      setTimeout(function () { form.remove(); }, 4000);
    });
  }

  function showNotice(text) {
    els.notice.textContent = text;
    els.notice.classList.toggle("hidden", !text);
  }

  /* ---------- messages ---------- */
  function find(id) { return els.list.querySelector('[data-id="' + CSS.escape(id) + '"]'); }

  function render(m) {
    var node = find(m.id);
    if (!node) {
      node = el("li", "msg " + (m.mine ? "mine" : m.author || "agent"));
      node.setAttribute("data-id", m.id);
      if (!m.mine) node.appendChild(el("span", "who", t(m.author === "bot" ? "bot" : "agent")));
      node.appendChild(el("p", "text"));
      node.appendChild(el("div", "files"));
      if (m.mine) node.appendChild(el("span", "state"));
      els.list.appendChild(node);
    }
    node.querySelector(".text").textContent = m.text || "";
    var files = node.querySelector(".files");
    files.replaceChildren();
    (m.attachments || []).forEach(function (a) { files.appendChild(attachmentNode(a)); });
    if (m.state) setState(m.id, m.state);
    els.list.scrollTop = els.list.scrollHeight;
    return node;
  }

  function attachmentNode(a) {
    var url = base + "files/" + (a.ref || a.blob_ref);
    var name = a.name || a.filename || "file";
    var type = a.content_type || "";
    if (type.indexOf("image/") === 0) { var img = el("img", "image"); img.src = url; img.alt = name; return img; }
    var link = el("a", "pdf", name); link.href = url; link.target = "_blank"; link.rel = "noopener";
    return link;
  }

  var RANK = { sending: 0, failed: 0, sent: 1, stored: 2, read: 3 };
  function setState(id, state) {
    var node = find(id);
    var span = node && node.querySelector(".state");
    if (!span) return;
    var now = span.getAttribute("data-state");
    if (now && state !== "failed" && RANK[state] < RANK[now]) return;
    span.setAttribute("data-state", state);
    span.textContent = t(state);
  }

  function submit() {
    var text = els.input.value.trim();
    if (!text) return;
    if (text.length > cfg.max_text_chars) { showNotice(t("error_too_long")); return; }
    els.input.value = "";
    typingStopped();
    queueMessage(text, []);
  }

  function queueMessage(text, attachments) {
    var m = { id: newId(), text: text, attachments: attachments };
    outbox.push(m);
    store.set("outbox", outbox);
    render({ id: m.id, mine: true, text: text, attachments: attachments, state: "sending" });
    transmit(m);
  }

  function transmit(m, resend) {
    send_({ type: "message", id: m.id, text: m.text, attachments: m.attachments, resend: !!resend });
  }

  function settle(id) {
    outbox = outbox.filter(function (m) { return m.id !== id; });
    store.set("outbox", outbox);
  }

  function upload(fileObj) {
    if (cfg.max_attachment_bytes && fileObj.size > cfg.max_attachment_bytes) { showNotice(t("error_attachment")); return; }
    var headers = data.userToken ? { "x-user": data.userToken } : { "x-visitor": visitor };
    fetch(base + "upload?name=" + encodeURIComponent(fileObj.name), { method: "POST", headers: headers, body: fileObj })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (r) {
        if (!r.ok) { showNotice(t("error_attachment")); return; }
        var text = els.input.value.trim(); els.input.value = "";
        queueMessage(text, [r.body]);
      })
      .catch(function () { showNotice(t("error_generic")); });
  }

  function markRead() {
    if (opened && lastAgentId && !els.panel.classList.contains("hidden")) {
      send_({ type: "read", message_id: lastAgentId });
      lastAgentId = "";
    }
  }

  function typingStarted() {
    var now = Date.now();
    if (now - myTypingAt > 2000) { myTypingAt = now; send_({ type: "typing", on: true }); }
    clearTimeout(myTypingOff);
    myTypingOff = setTimeout(typingStopped, 3000);
  }

  function typingStopped() {
    clearTimeout(myTypingOff);
    if (myTypingAt) { myTypingAt = 0; send_({ type: "typing", on: false }); }
  }

  /* ---------- the connection ---------- */
  function send_(frame) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function setConnState(state) {
    els.host.setAttribute("data-state", state);
    els.status.textContent = state === "reconnecting" ? t("reconnecting") : t("subtitle");
  }

  function connect() {
    clearTimeout(timer);
    ws = new WebSocket(base.replace(/^http/, "ws") + "ws");
    ws.onopen = function () {
      attempt = 0;
      var hello = { type: "hello", visitor: visitor, user: data.userToken || "", lang: navigator.language || "" };
      if (profile) hello.profile = profile;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = function (e) { var f; try { f = JSON.parse(e.data); } catch (x) { return; } onFrame(f); };
    ws.onclose = function (e) {
      ws = null;
      if (e.code === 4001) { stopped = true; setConnState("refused"); showNotice(t("error_identity")); return; }
      if (stopped) return;
      setConnState("reconnecting");
      var delay = Math.min(10000, 500 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
      timer = setTimeout(connect, delay);
    };
  }

  var handlers = {
    welcome: function (f) {
      visitor = f.visitor || visitor;
      store.set("visitor", visitor);
      cfg.online = f.online; cfg.offline_reason = f.offline_reason;
      if (f.conversation) conversationId = f.conversation.id;
      f.history.forEach(function (m) {
        render({ id: m.id, mine: m.mine, author: m.author, text: m.text, attachments: m.attachments, state: m.mine ? "stored" : "" });
        if (!m.mine) lastAgentId = m.id;
      });
      outbox.forEach(function (m) {
        if (!find(m.id)) render({ id: m.id, mine: true, text: m.text, attachments: m.attachments, state: "sending" });
        transmit(m, true);
      });
      setConnState("open");
      if (opened && !cfg.online) showOffline();
      markRead();
    },
    ack: function (f) { settle(f.id); setState(f.id, "sent"); },
    stored: function (f) { conversationId = f.conversation_id || conversationId; setState(f.id, "stored"); },
    error: function (f) {
      if ((f.code === "rate_limited" || f.code === "unavailable") && f.id) {
        if (f.code === "rate_limited") showNotice(t("error_rate_limited"));
        setTimeout(function () { outbox.filter(function (m) { return m.id === f.id; }).forEach(function (m) { transmit(m, true); }); }, (f.retry_after || 5) * 1000);
        return;
      }
      if (f.id) { settle(f.id); setState(f.id, "failed"); }
      var key = { too_long: "error_too_long", spam: "error_spam", identity: "error_identity" }[f.code] ||
        (String(f.code).indexOf("attachment") === 0 ? "error_attachment" : "error_generic");
      showNotice(t(key));
    },
    message: function (f) {
      conversationId = f.conversation_id || conversationId;
      render({ id: f.id, mine: false, author: f.author, text: f.text, attachments: f.attachments });
      els.typing.classList.add("hidden");
      lastAgentId = f.id;
      markRead();
    },
    typing: function (f) {
      els.typing.classList.toggle("hidden", !f.on);
      clearTimeout(typingTimer);
      if (f.on) typingTimer = setTimeout(function () { els.typing.classList.add("hidden"); }, 6000);
    },
    read: function () {
      Array.prototype.forEach.call(els.list.querySelectorAll(".mine"), function (n) { setState(n.getAttribute("data-id"), "read"); });
    },
    queue: function (f) {
      var q = els.queue;
      q.setAttribute("data-position", String(f.position));
      if (f.position > 0) {
        var minutes = Math.round(f.wait_s / 60);
        q.textContent = t("queue_position", { position: f.position }) + " " +
          (minutes < 1 ? t("queue_wait_short") : t("queue_wait", { minutes: minutes }));
      } else {
        q.textContent = t("assigned");
      }
      q.classList.remove("hidden");
    },
    status: function (f) { if (f.status === "resolved" || f.status === "ended") showRating(f.conversation_id || conversationId); },
    rated: function () {},
    profile: function () {},
    pong: function () {}
  };

  function onFrame(f) { var h = handlers[f.type]; if (h) h(f); }

  function start(config) {
    if (config) { cfg = Object.assign(cfg, config); S = config.strings || {}; }
    build();
    connect();
  }

  window.SwitchboardChat = {
    open: function () { openPanel(); },
    reconnect: function () { if (ws) ws.close(); else connect(); }
  };
  fetch(base + "config?lang=" + encodeURIComponent((navigator.languages || [navigator.language]).join(",")))
    .then(function (r) { return r.json(); })
    .then(start, function () { start(null); });
})();
