/* Chat in the browser: the client side of the chat.* frames (docs/realtime.md).

   Pages are rendered by the server; this script sends messages on the socket and keeps
   the open room, its thread and the sidebar's counts live. Nothing written is lost:
   a message is shown at once as pending with an id made here (client_id), kept in
   localStorage, and sent again with the same id every few seconds (and on every
   reconnect) until the server acknowledges it; the server never stores it twice.
   After a reconnect, or when a message number jumps, the room asks the server for
   what follows the last number it saw, and merges by number without duplicates.

   Message HTML from the server (message.html) is already sanitized and is inserted as
   HTML; every other text goes in as text. */
(function () {
  "use strict";

  const OUTBOX_PREFIX = "rse.chat.outbox."; // + the person's id: one outbox per person
  const RESEND_AFTER = 3000; // ms without an ack before the same frame goes again
  const TYPING_EVERY = 3000; // ms between two chat.typing frames while typing
  const TYPING_SHOWN = 6000; // ms a "is typing" line stays without news
  const PRESENCE_EVERY = 60000;
  const GROUPED_WITHIN = 5 * 60 * 1000; // one header for a person's messages in a row
  const NEAR_BOTTOM = 80; // px

  let app, S, me, meName, tz, lang;
  let room = null; // the open room's state, when a room is open

  /* --- Small helpers ------------------------------------------------------------------- */

  function fmt(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function icon(name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", "#ci-" + name);
    svg.appendChild(use);
    return svg;
  }
  function hidden(text) { return el("span", "visually-hidden", text); }
  function send(frame) { return !!(window.RSE && window.RSE.realtime && window.RSE.realtime.send(frame)); }
  function on(type, fn) { if (window.RSE && window.RSE.realtime) { window.RSE.realtime.on(type, fn); } }
  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    // randomUUID needs a secure context; an intranet served over plain HTTP has none.
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  function fetchHtml(url) {
    return fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.text();
    });
  }
  function parse(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }
  function toast(text) {
    const box = document.getElementById("chat-toast");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, 2500);
  }
  function plainText(html) {
    const div = document.createElement("div");
    div.innerHTML = html;
    return (div.textContent || "").replace(/\s+/g, " ").trim().slice(0, 200);
  }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  let sizeFormat;
  function fileSize(bytes) {
    sizeFormat = sizeFormat || new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    if (bytes < 1024) { return fmt(S.sizeBytes, { size: bytes }); }
    if (bytes < 1024 * 1024) { return fmt(S.sizeKb, { size: sizeFormat.format(bytes / 1024) }); }
    return fmt(S.sizeMb, { size: sizeFormat.format(bytes / 1024 / 1024) });
  }

  /* Times and days, in the person's own time zone (the server rendered with it too). */
  let timeFormat, dayKeyFormat, dayLabelFormat;
  function setupFormats() {
    const zone = tz ? { timeZone: tz } : {};
    try {
      timeFormat = new Intl.DateTimeFormat(lang, Object.assign({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, zone));
      dayKeyFormat = new Intl.DateTimeFormat("en-CA", Object.assign({ year: "numeric", month: "2-digit", day: "2-digit" }, zone));
      dayLabelFormat = new Intl.DateTimeFormat(lang, Object.assign({ weekday: "long", day: "numeric", month: "long" }, zone));
    } catch (e) {
      tz = null;
      timeFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      dayKeyFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
      dayLabelFormat = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long" });
    }
  }
  function timeOf(iso) { return timeFormat.format(new Date(iso)); }
  function dayOf(iso) { return dayKeyFormat.format(new Date(iso)); }
  function dayLabel(key) {
    const today = dayKeyFormat.format(new Date());
    const yesterday = dayKeyFormat.format(new Date(Date.now() - 86400000));
    if (key === today) { return S.today; }
    if (key === yesterday) { return S.yesterday; }
    return dayLabelFormat.format(new Date(key + "T12:00:00"));
  }

  /* --- Building a message from a frame ------------------------------------------------- */

  const avatars = {}; // author id -> true once a server-rendered picture was asked for
  function avatarFor(author) {
    const known = document.querySelector('[data-avatar-of="' + author.id + '"] > *');
    if (known) { return known.cloneNode(true); }
    const initials = el("span", "avatar avatar-initials");
    initials.setAttribute("aria-hidden", "true");
    let hue = 0;
    String(author.id).split("").forEach(function (c) { hue = (hue * 31 + c.charCodeAt(0)) % 360; });
    initials.style.setProperty("--size", "36px");
    initials.style.setProperty("--hue", String(hue));
    initials.textContent = (author.name || "?").split(/[\s-]+/).filter(Boolean).slice(0, 2).map(function (w) { return w[0]; }).join("").toUpperCase();
    return initials;
  }
  function refreshAvatar(li) {
    // A first message from someone this page has not shown yet: the server's rendering
    // of it brings their picture (one request per person, not per message).
    const author = li.dataset.author;
    if (avatars[author] || !room || !li.dataset.seq) { return; }
    avatars[author] = true;
    fetchHtml(room.messageUrl(li.dataset.seq)).then(function (html) {
      const fresh = parse(html).querySelector(".msg-avatar");
      if (!fresh) { return; }
      document.querySelectorAll('.msg[data-author="' + author + '"] .msg-avatar').forEach(function (a) {
        a.replaceWith(fresh.cloneNode(true));
      });
    }).catch(function () { avatars[author] = false; });
  }

  function actionButton(action, iconName, label, danger) {
    const button = el("button", "msg-action" + (danger ? " msg-action-danger" : ""));
    button.tabIndex = -1; // reachable from its message (see setupKeyboard)
    button.type = "button";
    button.dataset.action = action;
    button.title = label;
    button.append(icon(iconName), hidden(label));
    return button;
  }

  function buildMessage(m, inThread) {
    const li = el("li", "msg");
    li.tabIndex = -1; // a tap on a phone shows the message's actions (focus-within)
    li.id = (inThread ? "t-" : "m-") + m.seq;
    li.dataset.id = m.id;
    li.dataset.seq = m.seq;
    li.dataset.author = m.author.id;
    li.dataset.ts = m.created_at;
    li.dataset.day = dayOf(m.created_at);
    const mine = m.author.id === me;
    if (mine) {
      li.classList.add("msg-mine");
      li.dataset.clientId = m.client_id;
    }
    const gutter = el("div", "msg-gutter");
    const avatarLink = el("a", "msg-avatar");
    avatarLink.href = app.dataset.profileUrl.replace("/0/", "/" + m.author.id + "/");
    avatarLink.tabIndex = -1;
    avatarLink.setAttribute("aria-hidden", "true");
    avatarLink.dataset.avatarOf = m.author.id;
    avatarLink.appendChild(avatarFor(m.author));
    const side = el("time", "msg-side-time", timeOf(m.created_at));
    side.setAttribute("datetime", m.created_at);
    side.setAttribute("aria-hidden", "true");
    gutter.append(avatarLink, side);

    const main = el("div", "msg-main");
    const head = el("div", "msg-head");
    const author = el("a", "msg-author", m.author.name);
    author.href = avatarLink.href;
    author.tabIndex = -1;
    const timeLink = el("a", "msg-time");
    timeLink.href = room.url + "?message=" + m.seq;
    timeLink.tabIndex = -1;
    const time = el("time", "", timeOf(m.created_at));
    time.setAttribute("datetime", m.created_at);
    timeLink.appendChild(time);
    head.append(author, document.createTextNode(" "), timeLink);
    main.append(head, el("div", "msg-body prose"), el("div", "reactions msg-reactions"));
    if (!inThread) {
      const replies = el("a", "msg-replies");
      replies.href = room.threadUrl(m.id);
      replies.dataset.threadOpen = m.id;
      replies.dataset.count = "0";
      replies.dataset.base = String(room.baseSeq);
      replies.hidden = true;
      replies.append(icon("thread"), el("span", "msg-replies-text"));
      main.appendChild(replies);
    }
    li.append(gutter, main);

    const actions = el("div", "msg-actions");
    actions.setAttribute("role", "group");
    actions.setAttribute("aria-label", S.actionsLabel);
    if (room.canWrite) { actions.appendChild(actionButton("react", "smile", S.reactLabel)); }
    if (!inThread) {
      const reply = el("a", "msg-action");
      reply.tabIndex = -1;
      reply.href = room.threadUrl(m.id);
      reply.dataset.threadOpen = m.id;
      reply.title = S.replyLabel;
      reply.append(icon("thread"), hidden(S.replyLabel));
      actions.appendChild(reply);
    }
    actions.appendChild(actionButton("link", "link", S.linkLabel));
    if (mine) { actions.appendChild(actionButton("edit", "edit", S.edit)); }
    if (mine || room.canModerate) {
      li.dataset.canDelete = "";
      actions.appendChild(actionButton("delete", "trash", S.delete, true));
    }
    li.insertBefore(actions, li.firstChild); // first in Tab order, drawn on the top right
    applyData(li, m);
    if (!document.querySelector('[data-avatar-of="' + m.author.id + '"] > img')) { refreshAvatar(li); }
    return li;
  }

  /* A message's images (thumbnails that open large in feed.js's lightbox) and files
     (download links), as templates/feed/_attachments.html draws them. */
  function filesElement(files) {
    const box = el("div", "msg-files");
    const images = files.filter(function (f) { return f.type === "image"; });
    const others = files.filter(function (f) { return f.type !== "image"; });
    if (images.length) {
      const gallery = el("div", "gallery gallery-" + String(images.length).charAt(0));
      images.forEach(function (f) {
        const link = el("a");
        link.href = f.url;
        link.dataset.lightbox = f.name;
        const img = el("img");
        img.src = f.thumbnail;
        img.alt = f.name;
        img.loading = "lazy";
        if (f.width && f.height) { img.width = f.width; img.height = f.height; }
        link.appendChild(img);
        gallery.appendChild(link);
      });
      box.appendChild(gallery);
    }
    if (others.length) {
      const list = el("ul", "files");
      others.forEach(function (f) {
        const item = el("li");
        const link = el("a");
        link.href = f.url;
        link.append(icon("file"), el("span", "", f.name));
        item.append(link, document.createTextNode(" "), el("span", "muted", fileSize(f.size)));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  /* Body, edited mark, deletion, files and forum link from a frame's message. */
  function applyData(li, m) {
    const body = li.querySelector(".msg-body");
    const main = li.querySelector(".msg-main");
    if (m.deleted) {
      li.classList.add("msg-deleted");
      body.replaceChildren(el("p", "msg-gone", S.deleted));
      delete body.dataset.edited;
      ["msg-actions", "msg-editor", "msg-files"].forEach(function (name) {
        const node = li.querySelector("." + name);
        if (node) { node.remove(); }
      });
      li.querySelector(".msg-reactions").replaceChildren();
      delete li.dataset.body;
      return;
    }
    body.innerHTML = m.html; // sanitized by the server (nh3) when the message was written
    if (m.edited) { body.dataset.edited = S.edited; } // shown after the text (CSS)
    // Files never change once sent: drawn once.
    if (m.attachments && m.attachments.length && !li.querySelector(".msg-files")) {
      body.insertAdjacentElement("afterend", filesElement(m.attachments));
    }
    if (m.question && !li.querySelector(".msg-question")) {
      const link = el("a", "msg-question");
      link.href = "/posts/" + m.question + "/";
      link.append(icon("forum"), document.createTextNode(S.question));
      main.querySelector(".msg-reactions").insertAdjacentElement("beforebegin", link);
    }
    if (m.reply_count !== undefined) { setReplyCount(li, m.reply_count); }
  }

  function setReplyCount(li, count) {
    const link = li.querySelector(".msg-replies");
    if (!link || count < Number(link.dataset.count || 0)) { return; }
    link.dataset.count = String(count);
    link.hidden = count === 0;
    const text = link.querySelector(".msg-replies-text");
    if (text) { text.textContent = count === 1 ? S.replyOne : fmt(S.replyMany, { count: count }); }
  }

  /* --- The open room ------------------------------------------------------------------- */

  function Room(node) {
    this.node = node;
    this.id = Number(node.dataset.room);
    this.url = node.dataset.url;
    this.list = document.getElementById("chat-messages");
    this.scroller = document.getElementById("chat-scroll");
    this.canWrite = node.dataset.canWrite === "true";
    this.canModerate = node.dataset.canModerate === "true";
    this.hasOlder = node.dataset.hasOlder === "true";
    this.atLatest = node.dataset.hasNewer !== "true";
    // Numbers seen: ``lastSeq`` is the last one with nothing missing before it; ``above``
    // holds those seen past a hole, until the hole is filled.
    this.lastSeq = Number(node.dataset.lastSeq);
    this.baseSeq = this.lastSeq; // counts rendered by the server include everything to here
    this.above = new Set();
    this.readSent = Number(node.dataset.lastRead);
    this.fetchingGap = false;
    this.loading = false;
    this.typers = new Map();
    this.typingSent = 0;
    this.unreadLineArmed = false;
  }
  Room.prototype.threadUrl = function (id) { return this.node.dataset.threadUrl.replace(/\/0\/$/, "/" + id + "/"); };
  Room.prototype.messageUrl = function (seq) { return this.node.dataset.messageUrl.replace(/\/0\/$/, "/" + seq + "/"); };
  Room.prototype.knownMax = function () {
    let max = this.lastSeq;
    this.above.forEach(function (s) { if (s > max) { max = s; } });
    return max;
  };
  Room.prototype.noteSeq = function (seq) {
    if (seq <= this.lastSeq) { return; }
    this.above.add(seq);
    while (this.above.has(this.lastSeq + 1)) {
      this.lastSeq += 1;
      this.above.delete(this.lastSeq);
    }
    if (this.above.size) { this.fillGap(); }
  };
  /* Ask the database for what follows the last number seen (after a reconnect, or when
     a number jumped: the channel layer may drop frames, the database does not). */
  Room.prototype.fillGap = function () {
    if (this.fetchingGap) { return; }
    const self = this;
    if (!send({ type: "chat.history", room: this.id, after: this.lastSeq, ref: "gap:" + this.id })) { return; }
    this.fetchingGap = true;
    clearTimeout(this.gapTimer);
    this.gapTimer = setTimeout(function () { self.fetchingGap = false; }, 10000);
  };
  Room.prototype.nearBottom = function () {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM;
  };
  Room.prototype.toBottom = function () { this.scroller.scrollTop = this.scroller.scrollHeight; };
  Room.prototype.viewing = function () {
    return document.visibilityState === "visible" && this.atLatest && this.nearBottom();
  };

  function findMessage(list, m) {
    if (!list) { return null; }
    const bySeq = list.querySelector('.msg[data-seq="' + m.seq + '"]');
    if (bySeq) { return bySeq; }
    if (m.author && m.author.id === me && m.client_id) {
      return list.querySelector('.msg[data-client-id="' + CSS.escape(m.client_id) + '"]');
    }
    return null;
  }

  /* Put a message element in its place by number (pending ones stay last), with a day
     line before it when the day changes, and without a header when it continues the
     previous author's run. */
  function place(list, li) {
    const seq = Number(li.dataset.seq);
    const items = list.querySelectorAll(".msg");
    let before = null;
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const item = items[i];
      if (item.classList.contains("msg-pending") || Number(item.dataset.seq) > seq) { before = item; continue; }
      break;
    }
    if (before) {
      // Keep a day line or the unread line with the message it introduces.
      let anchor = before;
      while (anchor.previousElementSibling && !anchor.previousElementSibling.classList.contains("msg")) {
        anchor = anchor.previousElementSibling;
      }
      list.insertBefore(li, anchor);
    } else {
      list.appendChild(li);
    }
    decorate(list, li);
  }

  function previousMessage(li) {
    let node = li.previousElementSibling;
    let separated = false;
    while (node && !node.classList.contains("msg")) {
      separated = true;
      node = node.previousElementSibling;
    }
    return { node: node, separated: separated };
  }

  function decorate(list, li) {
    const prev = previousMessage(li);
    const day = li.dataset.day;
    if (list.id !== "chat-thread-replies" && (!prev.node || prev.node.dataset.day !== day)) {
      const line = li.previousElementSibling;
      if (!(line && line.classList.contains("chat-day") && line.dataset.day === day)) {
        const dayLine = el("li", "chat-day");
        dayLine.dataset.day = day;
        dayLine.appendChild(el("span", "", dayLabel(day)));
        list.insertBefore(dayLine, li);
      }
      li.classList.remove("msg-cont");
      return;
    }
    const continued = !!prev.node && !prev.separated
      && prev.node.dataset.day === day
      && prev.node.dataset.author === li.dataset.author
      && new Date(li.dataset.ts) - new Date(prev.node.dataset.ts) < GROUPED_WITHIN;
    li.classList.toggle("msg-cont", continued);
  }

  /* A message from a frame (live or from history): added once, updated if known. */
  function receive(m, live) {
    if (!room || m.room !== room.id) { return; }
    room.noteSeq(m.seq);
    if (m.parent) {
      receiveReply(m);
    } else {
      const known = findMessage(room.list, m);
      if (known) {
        confirm(known, m, false);
      } else if (!room.atLatest) {
        if (m.author.id !== me) { showJump(true); }
      } else {
        const stick = room.nearBottom();
        const li = buildMessage(m, false);
        if (m.author.id !== me && !room.viewing() && !room.unreadLineArmed) {
          const old = document.getElementById("chat-unread-line");
          if (old) { old.remove(); }
          const line = el("li", "chat-unread-line");
          line.id = "chat-unread-line";
          line.appendChild(el("span", "", S.newMessages));
          place(room.list, li);
          room.list.insertBefore(line, li);
          li.classList.remove("msg-cont");
          room.unreadLineArmed = true;
        } else {
          place(room.list, li);
        }
        if (stick || m.author.id === me) { room.toBottom(); } else if (m.author.id !== me) { showJump(true); }
      }
    }
    if (live && m.author.id !== me) {
      room.typers.delete(m.author.id);
      renderTyping();
      const announce = document.getElementById("chat-announce");
      const said = plainText(m.html) || (m.attachments || []).map(function (f) { return f.name; }).join(", ");
      if (announce && !m.parent) { announce.textContent = fmt(S.announce, { name: m.author.name, text: said }); }
    }
    markReadSoon();
  }

  function receiveReply(m) {
    const thread = openThread.panel();
    if (thread && Number(thread.dataset.thread) === m.parent) {
      const list = document.getElementById("chat-thread-replies");
      const known = findMessage(list, m);
      if (known) {
        confirm(known, m, true);
      } else {
        const scroller = document.getElementById("chat-thread-scroll");
        const stick = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM;
        place(list, buildMessage(m, true));
        if (stick || m.author.id === me) { scroller.scrollTop = scroller.scrollHeight; }
      }
      countReply(thread.querySelector(".chat-thread-count"), m, Number(thread.dataset.base));
    }
    const parent = room.list.querySelector('.msg[data-id="' + m.parent + '"]');
    if (parent) { countReply(parent.querySelector(".msg-replies"), m, Number(parent.querySelector(".msg-replies").dataset.base || room.baseSeq)); }
  }

  /* Reply counts rendered by the server include every reply up to the number the page
     (or panel) was rendered at; later ones are counted here, each once. */
  const counted = new WeakMap();
  function countReply(node, m, base) {
    if (!node || m.seq <= base) { return; }
    const seen = counted.get(node) || new Set();
    if (seen.has(m.id)) { return; }
    seen.add(m.id);
    counted.set(node, seen);
    const count = Number(node.dataset.count || 0) + 1;
    if (node.classList.contains("msg-replies")) {
      setReplyCount(node.closest(".msg"), count);
    } else {
      node.dataset.count = String(count);
      node.textContent = count === 1 ? S.replyOne : fmt(S.replyMany, { count: count });
    }
  }

  /* A pending element becomes the stored message (or a known one gets its new state). */
  function confirm(li, m, inThread) {
    if (li.classList.contains("msg-pending")) {
      const body = li.dataset.body;
      const fresh = buildMessage(m, inThread);
      if (body !== undefined) { fresh.dataset.body = body; }
      // Others' messages may have been stored between sending and now: take its place
      // by number, not where it was typed.
      const list = li.parentNode;
      li.remove();
      place(list, fresh);
      forget(m.client_id);
      return;
    }
    if (!li.dataset.id || li.dataset.id === "undefined") {
      li.dataset.id = m.id;
    }
    applyData(li, m);
  }

  /* --- Sending ------------------------------------------------------------------------- */

  const outbox = new Map(); // client_id -> {frame, li, last, failed}

  const settled = new Set(); // client ids acked or discarded here: other tabs' stay
  function outboxKey() { return OUTBOX_PREFIX + me; }
  function storedFrames() {
    try { return JSON.parse(localStorage.getItem(outboxKey()) || "[]"); } catch (e) { return []; }
  }
  /* Read, merge, write: another tab's pending messages are kept, never overwritten. */
  function saveOutbox() {
    const frames = storedFrames().filter(function (frame) {
      return frame && !settled.has(frame.client_id) && !outbox.has(frame.client_id);
    });
    outbox.forEach(function (entry) { if (!entry.failed) { frames.push(entry.frame); } });
    try { localStorage.setItem(outboxKey(), JSON.stringify(frames)); } catch (e) { /* private mode */ }
  }
  function forget(clientId) {
    settled.add(clientId);
    if (outbox.delete(clientId)) { saveOutbox(); }
  }
  /* The frame as it goes on the socket: ``files`` (what a pending message shows of its
     attachments) stays here, in the outbox. */
  function wire(frame) {
    if (!frame.files) { return frame; }
    const copy = Object.assign({}, frame);
    delete copy.files;
    return copy;
  }
  function transmit(entry) {
    if (entry.failed) { return; }
    if (send(wire(entry.frame))) { entry.last = Date.now(); }
    showStatus(entry);
  }
  function showStatus(entry) {
    if (!entry.li || !entry.li.isConnected) { return; }
    let status = entry.li.querySelector(".msg-status");
    if (!status) {
      status = el("div", "msg-status");
      status.setAttribute("role", "status");
      entry.li.querySelector(".msg-main").appendChild(status);
    }
    status.replaceChildren();
    entry.li.classList.toggle("msg-failed", !!entry.failed);
    if (entry.failed) {
      status.appendChild(el("span", "msg-status-text", fmt(S.failed, { reason: entry.failed })));
      const retry = el("button", "linklike", S.retry);
      retry.type = "button";
      retry.addEventListener("click", function () {
        entry.failed = null;
        saveOutbox();
        transmit(entry);
      });
      const discard = el("button", "linklike", S.discard);
      discard.type = "button";
      discard.addEventListener("click", function () {
        entry.li.remove();
        forget(entry.frame.client_id);
      });
      status.append(document.createTextNode(" "), retry, document.createTextNode(" · "), discard);
    } else {
      status.appendChild(icon("clock"));
      status.appendChild(el("span", "msg-status-text", document.documentElement.dataset.realtime === "online" ? S.sending : S.waiting));
    }
  }

  function pendingElement(frame, inThread) {
    const li = el("li", "msg msg-mine msg-pending msg-sending");
    li.dataset.clientId = frame.client_id;
    li.dataset.author = me;
    li.dataset.body = frame.body;
    const now = new Date().toISOString();
    li.dataset.ts = now;
    li.dataset.day = dayOf(now);
    const gutter = el("div", "msg-gutter");
    const avatarLink = el("span", "msg-avatar");
    avatarLink.appendChild(avatarFor({ id: me, name: meName }));
    gutter.append(avatarLink, el("span", "msg-side-time", timeOf(now)));
    const main = el("div", "msg-main");
    const head = el("div", "msg-head");
    head.append(el("span", "msg-author", meName), document.createTextNode(" "), el("span", "msg-time", timeOf(now)));
    const body = el("div", "msg-body prose msg-plain");
    if (frame.body) { body.appendChild(el("p", "", frame.body)); }
    main.append(head, body);
    if (frame.files && frame.files.length) { main.appendChild(filesElement(frame.files)); }
    li.append(gutter, main);
    return li;
  }

  function submit(text, parent, files) {
    const frame = { type: "chat.send", room: room.id, client_id: newId(), body: text };
    if (parent) { frame.parent = parent; }
    if (files && files.length) {
      frame.attachments = files.map(function (f) { return f.id; });
      frame.files = files;
    }
    frame.ref = "send:" + frame.client_id;
    const list = parent ? document.getElementById("chat-thread-replies") : room.list;
    const li = pendingElement(frame, !!parent);
    list.appendChild(li);
    decorate(list, li);
    const entry = { frame: frame, li: li, last: 0, failed: null };
    outbox.set(frame.client_id, entry);
    saveOutbox();
    transmit(entry);
    if (parent) {
      const scroller = document.getElementById("chat-thread-scroll");
      scroller.scrollTop = scroller.scrollHeight;
    } else if (room.atLatest) {
      room.toBottom();
    } else {
      // Written while reading older messages: go to the latest, where it will be.
      window.location.href = room.url;
    }
  }

  /* Messages still unsent from an earlier page (a reload, a crash, a lost network) go
     again; those of the open room are shown as pending where they belong. */
  function restoreOutbox() {
    const frames = storedFrames();
    frames.forEach(function (frame) {
      if (!frame || !frame.client_id || outbox.has(frame.client_id)) { return; }
      let li = null;
      if (room && frame.room === room.id) {
        const thread = openThread.panel();
        let list = null;
        if (!frame.parent) { list = room.list; }
        else if (thread && Number(thread.dataset.thread) === frame.parent) { list = document.getElementById("chat-thread-replies"); }
        if (list && !list.querySelector('.msg[data-client-id="' + CSS.escape(frame.client_id) + '"]')) {
          li = pendingElement(frame, !!frame.parent);
          list.appendChild(li);
          decorate(list, li);
        }
      }
      outbox.set(frame.client_id, { frame: frame, li: li, last: 0, failed: null });
    });
    outbox.forEach(transmit);
  }

  function onAck(frame) {
    const entry = outbox.get(frame.client_id);
    if (!entry) { return; }
    forget(frame.client_id);
    if (!room || frame.room !== room.id) { return; }
    if (entry.li && entry.li.isConnected) {
      // Stored: keep its number; the chat.message frame (live or from history) brings
      // its rendering. If that frame was lost, the gap check below fetches it.
      entry.li.dataset.seq = frame.seq;
      entry.li.dataset.id = frame.id;
      entry.li.classList.remove("msg-sending");
      const status = entry.li.querySelector(".msg-status");
      if (status) { status.remove(); }
    }
    setTimeout(function () {
      if (room && room.lastSeq < frame.seq && !room.above.has(frame.seq)) { room.fillGap(); }
    }, 2000);
  }

  function onError(frame) {
    const ref = String(frame.ref || "");
    if (ref.indexOf("send:") === 0) {
      const entry = outbox.get(ref.slice(5));
      if (entry && (frame.code === "server_error" || frame.code === "rate_limited")) {
        // Passing trouble: the message stays pending and goes again (same client id).
        entry.last = Date.now() + RESEND_AFTER;
      } else if (entry) {
        entry.failed = frame.message || "?";
        saveOutbox();
        if (entry.li) { showStatus(entry); } else { toast(fmt(S.failed, { reason: entry.failed })); }
      }
    } else if (ref.indexOf("gap:") === 0 && room) {
      room.fetchingGap = false;
    } else if (ref.indexOf("edit:") === 0 || ref.indexOf("delete:") === 0 || ref.indexOf("react:") === 0) {
      toast(frame.message);
    }
  }

  /* --- Reading ------------------------------------------------------------------------- */

  function markReadSoon() {
    clearTimeout(markReadSoon.timer);
    markReadSoon.timer = setTimeout(markRead, 250);
  }
  /* chat.read with the newest message the person can see, when the tab is visible. */
  function markRead() {
    if (!room || document.visibilityState !== "visible") { return; }
    let seq = 0;
    if (room.atLatest && room.nearBottom()) {
      seq = room.knownMax();
    } else {
      const bottom = room.scroller.getBoundingClientRect().bottom;
      const items = room.list.querySelectorAll(".msg[data-seq]");
      for (let i = items.length - 1; i >= 0; i -= 1) {
        if (items[i].getBoundingClientRect().top < bottom) { seq = Number(items[i].dataset.seq); break; }
      }
    }
    if (seq > room.readSent && send({ type: "chat.read", room: room.id, seq: seq })) {
      room.readSent = seq;
    }
    if (room.viewing()) {
      room.unreadLineArmed = false;
      showJump(false);
    }
  }

  /* --- The sidebar --------------------------------------------------------------------- */

  function sidebarLink(roomId) { return document.querySelector('[data-room-link="' + roomId + '"]'); }
  function setBadge(badge, count, prefix) {
    if (!badge) { return; }
    const label = badge.querySelector(".visually-hidden");
    badge.replaceChildren(document.createTextNode((prefix || "") + count), label || "");
    badge.hidden = count <= 0;
  }
  function setCounts(link, unread, mentions) {
    const unreadBadge = link.querySelector("[data-unread]");
    const mentionBadge = link.querySelector("[data-mentions]");
    if (unread !== null) { unreadBadge.dataset.unread = String(unread); setBadge(unreadBadge, unread); }
    if (mentions !== null) { mentionBadge.dataset.mentions = String(mentions); setBadge(mentionBadge, mentions, "@"); }
    link.classList.toggle("is-unread", Number(unreadBadge.dataset.unread) > 0);
    updateTitle();
  }
  const baseTitle = document.title;
  function updateTitle() {
    let total = 0;
    document.querySelectorAll("#chat-sidebar [data-unread]").forEach(function (b) { total += Number(b.dataset.unread) || 0; });
    document.title = total ? "(" + total + ") " + baseTitle : baseTitle;
  }
  function refreshSidebar() {
    clearTimeout(refreshSidebar.timer);
    refreshSidebar.timer = setTimeout(function () {
      const url = app.dataset.sidebarUrl + (room ? "?room=" + room.id : "");
      fetchHtml(url).then(function (html) {
        const fresh = parse(html).querySelector("#chat-sidebar");
        const old = document.getElementById("chat-sidebar");
        if (!fresh || !old) { return; }
        const filter = old.querySelector("[data-chat-filter]");
        const scroll = old.querySelector(".chat-sidebar-scroll");
        const top = scroll ? scroll.scrollTop : 0;
        const hadFocus = document.activeElement === filter;
        fresh.querySelector("[data-chat-filter]").value = filter ? filter.value : "";
        old.replaceWith(fresh);
        setupFilter();
        applyFilter();
        if (hadFocus) { fresh.querySelector("[data-chat-filter]").focus(); }
        fresh.querySelector(".chat-sidebar-scroll").scrollTop = top;
        applyPresence();
        updateTitle();
        queryPresence();
      }).catch(function () { /* the next event tries again */ });
    }, 400);
  }
  function onSidebarMessage(frame) {
    const m = frame.message;
    const link = sidebarLink(frame.room);
    if (!link) { refreshSidebar(); return; }
    link.dataset.lastSeq = String(Math.max(Number(link.dataset.lastSeq) || 0, m.seq));
    const recent = link.closest("[data-recent-list]");
    if (recent && recent.firstElementChild !== link.parentNode) { recent.prepend(link.parentNode); }
    if (m.author.id === me) {
      // Sending (here or in another tab) moves the person's read marker to it.
      setCounts(link, 0, null);
      return;
    }
    const viewing = room && room.id === frame.room && room.viewing() && !m.parent;
    if (viewing) { return; }
    const unread = Number(link.querySelector("[data-unread]").dataset.unread) || 0;
    const mentions = Number(link.querySelector("[data-mentions]").dataset.mentions) || 0;
    const mentioned = (m.mentions || []).indexOf(me) !== -1;
    setCounts(link, m.parent ? unread : unread + 1, mentioned ? mentions + 1 : mentions);
  }
  function onRead(frame) {
    const link = sidebarLink(frame.room);
    if (!link) { return; }
    if (frame.seq >= Number(link.dataset.lastSeq)) { setCounts(link, 0, 0); } else { refreshSidebar(); }
    if (room && room.id === frame.room && frame.seq > room.readSent) { room.readSent = frame.seq; }
  }

  let filterText = "";
  function normalize(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function applyFilter() {
    document.querySelectorAll("#chat-sidebar [data-room-link]").forEach(function (link) {
      link.parentNode.hidden = !!filterText && normalize(link.dataset.name || "").indexOf(filterText) === -1;
    });
  }
  function setupFilter() {
    const input = document.querySelector("[data-chat-filter]");
    if (!input) { return; }
    input.addEventListener("input", function () { filterText = normalize(input.value.trim()); applyFilter(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        const first = Array.prototype.find.call(document.querySelectorAll("#chat-sidebar [data-room-link]"), function (a) { return !a.parentNode.hidden; });
        if (first) { event.preventDefault(); window.location.href = first.href; }
      } else if (event.key === "Escape") {
        input.value = ""; filterText = ""; applyFilter();
      }
    });
  }

  /* --- Presence and typing ------------------------------------------------------------- */

  const presence = {};
  function presenceIds() {
    const ids = new Set();
    document.querySelectorAll("[data-presence]").forEach(function (dot) { ids.add(Number(dot.dataset.presence)); });
    return Array.from(ids).filter(function (id) { return id && id !== me; }).slice(0, 100);
  }
  function queryPresence() {
    const ids = presenceIds();
    if (ids.length) { send({ type: "presence.query", users: ids, ref: "presence" }); }
  }
  function applyPresence() {
    document.querySelectorAll("[data-presence]").forEach(function (dot) {
      const state = presence[dot.dataset.presence];
      if (!state) { return; }
      dot.dataset.state = state;
      dot.title = S[state] || "";
    });
    document.querySelectorAll("[data-presence-text]").forEach(function (text) {
      const state = presence[text.dataset.presenceText];
      if (state) { text.textContent = S[state] || ""; text.dataset.state = state; }
    });
  }

  function renderTyping() {
    const box = document.getElementById("chat-typing");
    if (!box || !room) { return; }
    const now = Date.now();
    const names = [];
    room.typers.forEach(function (typer, id) {
      if (typer.until < now) { room.typers.delete(id); } else { names.push(typer.name); }
    });
    let text = "";
    if (names.length === 1) { text = fmt(S.typingOne, { name: names[0] }); }
    else if (names.length === 2) { text = fmt(S.typingTwo, { a: names[0], b: names[1] }); }
    else if (names.length > 2) { text = S.typingMany; }
    if (box.textContent !== text) { box.textContent = text; }
  }

  /* --- Scrolling: older and newer pages, the jump button, links to a message ----------- */

  function showJump(newBelow) {
    const jump = document.getElementById("chat-jump");
    if (!jump || !room) { return; }
    if (!newBelow && room.atLatest) { jump.hidden = true; return; }
    jump.querySelector("[data-jump-text]").textContent = newBelow ? S.newBelow : S.jump;
    jump.hidden = false;
  }

  function mergePage(html, where) {
    const ol = parse(html).querySelector("ol");
    if (!ol) { return null; }
    const items = Array.prototype.filter.call(ol.children, function (item) {
      return !(item.classList.contains("msg") && room.list.querySelector('.msg[data-seq="' + item.dataset.seq + '"]'));
    });
    items.forEach(function (item) {
      const replies = item.querySelector && item.querySelector(".msg-replies");
      if (replies) { replies.dataset.base = ol.dataset.lastSeq; }
      item.querySelectorAll && item.querySelectorAll(".msg-action, .msg-head a").forEach(function (node) { node.tabIndex = -1; });
    });
    if (where === "older") {
      const oldHeight = room.scroller.scrollHeight;
      const firstNow = room.list.firstElementChild;
      const fragment = document.createDocumentFragment();
      items.forEach(function (item) { fragment.appendChild(item); });
      if (fragment.querySelector(".chat-unread-line")) {
        const old = document.getElementById("chat-unread-line");
        if (old) { old.remove(); }
      }
      const lastNew = fragment.lastElementChild;
      room.list.insertBefore(fragment, room.list.firstElementChild);
      if (firstNow && firstNow.classList.contains("chat-day") && lastNew && lastNew.dataset.day === firstNow.dataset.day) {
        firstNow.remove();
      }
      room.scroller.scrollTop += room.scroller.scrollHeight - oldHeight;
    } else {
      items.forEach(function (item) {
        if (item.classList.contains("chat-day") && room.list.querySelector('.chat-day[data-day="' + item.dataset.day + '"]')) { return; }
        if (item.classList.contains("chat-unread-line") && document.getElementById("chat-unread-line")) { return; }
        room.list.appendChild(item);
      });
    }
    return ol;
  }

  function loadOlder() {
    if (!room || room.loading || !room.hasOlder) { return; }
    const first = room.list.querySelector(".msg[data-seq]");
    if (!first) { return; }
    room.loading = true;
    fetchHtml(room.url + "?before=" + first.dataset.seq).then(function (html) {
      const ol = mergePage(html, "older");
      room.hasOlder = ol && ol.dataset.hasOlder === "true";
      if (!room.hasOlder) {
        const older = document.getElementById("chat-older");
        if (older) { older.replaceChildren(); }
      }
    }).catch(function () { toast(S.loadFailed); }).then(function () { room.loading = false; });
  }

  function loadNewer() {
    if (!room || room.loading || room.atLatest) { return; }
    const items = room.list.querySelectorAll(".msg[data-seq]");
    const last = items[items.length - 1];
    if (!last) { return; }
    room.loading = true;
    fetchHtml(room.url + "?after=" + last.dataset.seq).then(function (html) {
      const ol = mergePage(html, "newer");
      if (ol && ol.dataset.hasNewer !== "true") {
        room.atLatest = true;
        const newer = document.getElementById("chat-newer");
        if (newer) { newer.replaceChildren(); }
        showJump(false);
        room.fillGap(); // and from here on, live
      }
    }).catch(function () { toast(S.loadFailed); }).then(function () { room.loading = false; markReadSoon(); });
  }

  function setupScrolling() {
    const older = document.querySelector('[data-load="older"]');
    const newer = document.querySelector('[data-load="newer"]');
    if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) { return; }
          if (entry.target.dataset.load === "older") { loadOlder(); } else { loadNewer(); }
        });
      }, { root: room.scroller, rootMargin: "300px 0px" });
      if (older) { observer.observe(older); }
      if (newer) { observer.observe(newer); }
    }
    [older, newer].forEach(function (link) {
      if (!link) { return; }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (link.dataset.load === "older") { loadOlder(); } else { loadNewer(); }
      });
    });
    let ticking = false;
    room.scroller.addEventListener("scroll", function () {
      if (ticking) { return; }
      ticking = true;
      requestAnimationFrame(function () {
        ticking = false;
        if (room.atLatest && room.nearBottom()) { showJump(false); }
        else if (room.scroller.scrollHeight - room.scroller.scrollTop - room.scroller.clientHeight > room.scroller.clientHeight * 1.5) {
          const jump = document.getElementById("chat-jump");
          if (jump && jump.hidden) { showJump(false); jump.hidden = false; }
        }
        markReadSoon();
      });
    }, { passive: true });
    const jump = document.getElementById("chat-jump");
    if (jump) {
      jump.addEventListener("click", function () {
        if (room.atLatest) { room.toBottom(); jump.hidden = true; markReadSoon(); }
        else { window.location.href = room.url; }
      });
    }
  }

  /* Scroll only the message list (scrollIntoView would move the page too). */
  function center(scroller, node) {
    const offset = node.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    scroller.scrollTop += offset - (scroller.clientHeight - node.offsetHeight) / 2;
  }

  function initialScroll() {
    const match = /^#m-(\d+)$/.exec(window.location.hash);
    const target = room.node.dataset.highlight || (match && match[1]);
    if (target) {
      const li = document.getElementById("m-" + target) || document.getElementById("t-" + target);
      if (li) {
        li.classList.add("msg-highlight");
        const thread = document.getElementById("chat-thread-scroll");
        if (li.id.charAt(0) === "t" && thread) { center(thread, li); } else { center(room.scroller, li); }
        const inThread = document.getElementById("t-" + target);
        if (inThread && inThread !== li && thread) { center(thread, inThread); }
        return;
      }
      if (match) {
        // Not on this page: ask the server for the messages around it.
        window.location.replace(room.url + "?message=" + match[1]);
        return;
      }
    }
    const line = document.getElementById("chat-unread-line");
    room.toBottom();
    if (line) {
      // Start at the first unread message when they do not all fit on the screen.
      const above = line.getBoundingClientRect().top - room.scroller.getBoundingClientRect().top;
      if (above < 0) { room.scroller.scrollTop += above - 24; }
    }
  }

  /* --- The thread panel ---------------------------------------------------------------- */

  function openThread(id, focus) {
    const aside = document.getElementById("chat-thread");
    if (!aside || !room) { return; }
    const url = room.threadUrl(id);
    fetchHtml(url).then(function (html) {
      aside.replaceChildren(parse(html));
      aside.hidden = false;
      app.classList.add("chat-app-thread");
      history.replaceState(null, "", url);
      setupThread(focus);
    }).catch(function () { toast(S.loadFailed); });
  }
  openThread.panel = function () {
    const aside = document.getElementById("chat-thread");
    return aside && !aside.hidden ? aside.querySelector("[data-thread]") : null;
  };
  function closeThread() {
    const aside = document.getElementById("chat-thread");
    if (!aside) { return; }
    const id = openThread.panel() && openThread.panel().dataset.thread;
    aside.hidden = true;
    aside.replaceChildren();
    app.classList.remove("chat-app-thread");
    history.replaceState(null, "", room.url);
    const back = id && room.list.querySelector('.msg[data-id="' + id + '"] .msg-replies');
    const input = document.getElementById("chat-input");
    if (back && !back.hidden) { back.focus(); } else if (input) { input.focus(); }
  }
  function setupThread(focus) {
    const panel = openThread.panel();
    if (!panel) { return; }
    const scroller = document.getElementById("chat-thread-scroll");
    const form = document.getElementById("chat-thread-composer");
    scroller.scrollTop = scroller.scrollHeight;
    setupKeyboard(document.getElementById("chat-thread-replies"));
    if (form) {
      setupComposer(form, Number(form.dataset.parent));
      if (focus !== false) { form.querySelector("textarea").focus(); }
    }
    // Pending replies of this thread from the outbox.
    outbox.forEach(function (entry) {
      if (entry.frame.room === room.id && entry.frame.parent === Number(panel.dataset.thread) && !(entry.li && entry.li.isConnected)) {
        const list = document.getElementById("chat-thread-replies");
        entry.li = pendingElement(entry.frame, true);
        list.appendChild(entry.li);
        decorate(list, entry.li);
        showStatus(entry);
      }
    });
  }

  /* --- Composer ------------------------------------------------------------------------ */

  function grow(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = Math.min(textarea.scrollHeight + 2, 240) + "px";
  }
  /* Files of the message being written: each one chosen (button, paste, drop) uploads
     at once and shows as a chip with its progress, its error, and a remove button; the
     message then names those uploaded (chat/attachments.py). One upload at a time, so
     that they are stored, and shown, in the order they were chosen. */
  function setupUploads(form, textarea) {
    const tray = form.querySelector("[data-uploads]");
    const input = form.querySelector("[data-attach-input]");
    const button = form.querySelector("[data-attach]");
    const items = [];
    const queue = [];
    let current = null;
    if (!tray || !input || !button || !form.dataset.uploadUrl) { return null; }

    function show() { tray.hidden = items.length === 0; }
    function drop(item) {
      const index = items.indexOf(item);
      if (index !== -1) { items.splice(index, 1); }
      if (item.preview) { URL.revokeObjectURL(item.preview); }
      item.chip.remove();
      show();
    }
    function remove(item) {
      if (item.state === "uploading") {
        if (item.xhr) { item.xhr.abort(); }
        if (queue.indexOf(item) !== -1) { queue.splice(queue.indexOf(item), 1); }
        if (current === item) { current = null; next(); }
      }
      if (item.state === "done") {
        fetch(form.dataset.uploadUrl + item.data.id + "/discard/", {
          method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
        }).catch(function () { /* an unsent upload is deleted a day later anyway */ });
      }
      drop(item);
      textarea.focus();
    }
    function render(item) {
      const chip = item.chip;
      chip.className = "chat-upload" + (item.image ? " chat-upload-image" : "") + " chat-upload-" + item.state;
      const meta = chip.querySelector(".chat-upload-meta");
      const bar = chip.querySelector("progress");
      bar.hidden = item.state !== "uploading";
      if (item.state === "failed") {
        meta.textContent = item.error;
        meta.setAttribute("role", "alert");
      } else if (item.state === "uploading") {
        meta.textContent = fmt(S.uploading, { percent: Math.round(item.progress * 100) });
        bar.value = item.progress;
      } else {
        meta.textContent = fileSize(item.data.size);
      }
    }
    function add(file) {
      const item = { name: file.name, state: "uploading", progress: 0, image: /^image\//.test(file.type) };
      const chip = el("li");
      const preview = el("span", "chat-upload-preview");
      if (item.image) {
        item.preview = URL.createObjectURL(file);
        const img = el("img");
        img.src = item.preview;
        img.alt = "";
        preview.appendChild(img);
      } else {
        preview.appendChild(icon("file"));
      }
      const text = el("span", "chat-upload-text");
      text.append(el("span", "chat-upload-name", file.name), el("span", "chat-upload-meta"));
      const bar = el("progress");
      bar.max = 1;
      const close = el("button", "chat-upload-remove");
      close.type = "button";
      close.title = S.remove;
      const cross = el("span", "", "×");
      cross.setAttribute("aria-hidden", "true");
      close.append(cross, hidden(S.remove + " " + file.name));
      close.addEventListener("click", function () { remove(item); });
      chip.append(preview, text, bar, close);
      item.chip = chip;
      item.file = file;
      items.push(item);
      tray.appendChild(chip);
      render(item);
      show();
      queue.push(item);
      next();
    }
    function next() {
      if (current || !queue.length) { return; }
      const item = current = queue.shift();
      const file = item.file;
      function done() { current = null; next(); }
      const xhr = new XMLHttpRequest();
      item.xhr = xhr;
      xhr.open("POST", form.dataset.uploadUrl);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { item.progress = event.loaded / event.total; render(item); }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status === 201 && xhr.response) {
          item.state = "done";
          item.data = xhr.response;
        } else {
          item.state = "failed";
          item.error = (xhr.response && xhr.response.error) || fmt(S.uploadFailed, { name: file.name });
        }
        render(item);
        done();
      });
      xhr.addEventListener("error", function () {
        item.state = "failed";
        item.error = fmt(S.uploadFailed, { name: file.name });
        render(item);
        done();
      });
      const data = new FormData();
      data.append("file", file);
      xhr.send(data);
    }
    function addAll(files) { Array.prototype.forEach.call(files, add); }

    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () { addAll(input.files); input.value = ""; });
    textarea.addEventListener("paste", function (event) {
      const files = event.clipboardData && event.clipboardData.files;
      if (files && files.length) { event.preventDefault(); addAll(files); }
    });
    // Files dropped anywhere on the room (or on the thread panel, for its composer).
    const zone = form.closest(".chat-room, .chat-thread-inner") || form;
    function carriesFiles(event) {
      return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1;
    }
    zone.addEventListener("dragover", function (event) {
      if (!carriesFiles(event)) { return; }
      event.preventDefault();
      zone.classList.add("chat-dropping");
    });
    zone.addEventListener("dragleave", function (event) {
      if (!zone.contains(event.relatedTarget)) { zone.classList.remove("chat-dropping"); }
    });
    zone.addEventListener("drop", function (event) {
      zone.classList.remove("chat-dropping");
      if (!carriesFiles(event)) { return; }
      event.preventDefault();
      addAll(event.dataTransfer.files);
      textarea.focus();
    });
    if (!setupUploads.guarded) {
      // A file dropped next to a zone must not make the browser leave the chat to open it.
      setupUploads.guarded = true;
      ["dragover", "drop"].forEach(function (type) {
        document.addEventListener(type, function (event) { if (carriesFiles(event)) { event.preventDefault(); } });
      });
    }
    return {
      busy: function () { return items.some(function (i) { return i.state === "uploading"; }); },
      ready: function () { return items.filter(function (i) { return i.state === "done"; }).map(function (i) { return i.data; }); },
      clear: function () { items.slice().forEach(drop); }
    };
  }

  function setupComposer(form, parent) {
    const textarea = form.querySelector("textarea");
    const limit = Number(textarea.getAttribute("maxlength")) || 4000;
    // The @mention list first, so that it answers Enter before sending does.
    if (window.RSE && window.RSE.mentions) { window.RSE.mentions(textarea); }
    const uploads = setupUploads(form, textarea);
    grow(textarea);
    textarea.addEventListener("input", function () {
      grow(textarea);
      if (textarea.value.trim() && Date.now() - room.typingSent > TYPING_EVERY) {
        if (send({ type: "chat.typing", room: room.id })) { room.typingSent = Date.now(); }
      }
    });
    textarea.addEventListener("keydown", function (event) {
      // The @mention list (feed.js) answers Enter first when it is open.
      if (event.defaultPrevented || event.isComposing || event.keyCode === 229) { return; }
      if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        form.requestSubmit();
      } else if (event.key === "ArrowUp" && !textarea.value) {
        const mine = form.closest(".chat-thread")
          ? document.querySelectorAll("#chat-thread-replies .msg-mine[data-seq]:not(.msg-deleted)")
          : room.list.querySelectorAll(".msg-mine[data-seq]:not(.msg-deleted)");
        if (mine.length) { event.preventDefault(); startEdit(mine[mine.length - 1]); }
      } else if (event.key === "Escape" && parent) {
        closeThread();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const text = textarea.value.trim();
      if (uploads && uploads.busy()) { toast(S.waitUploads); return; }
      const files = uploads ? uploads.ready() : [];
      if (!text && !files.length) { return; }
      if (text.length > limit) { toast(fmt(S.failed, { reason: text.length + " / " + limit })); return; }
      submit(text, parent || null, files);
      if (uploads) { uploads.clear(); }
      textarea.value = "";
      grow(textarea);
      textarea.focus();
    });
  }

  /* --- Editing, deleting, reacting, links ---------------------------------------------- */

  function withBody(li) {
    if (li.dataset.body !== undefined) { return Promise.resolve(li.dataset.body); }
    return fetchHtml(room.messageUrl(li.dataset.seq)).then(function (html) {
      const fresh = parse(html).querySelector(".msg");
      if (!fresh || fresh.dataset.body === undefined) { throw new Error("not editable"); }
      li.dataset.body = fresh.dataset.body;
      return fresh.dataset.body;
    });
  }
  function startEdit(li) {
    if (li.querySelector(".msg-editor") || !li.dataset.id) { return; }
    withBody(li).then(function (body) {
      const form = el("form", "msg-editor");
      const label = el("label", "visually-hidden", S.editLabel);
      const textarea = el("textarea");
      textarea.id = "edit-" + li.dataset.id;
      label.htmlFor = textarea.id;
      textarea.value = body;
      textarea.rows = 1;
      const row = el("div", "msg-editor-row");
      const hint = el("span", "chat-hint", S.editHint);
      const cancel = el("button", "button", S.cancel);
      cancel.type = "button";
      const save = el("button", "button button-primary", S.save);
      save.type = "submit";
      row.append(hint, cancel, save);
      form.append(label, textarea, row);
      li.querySelector(".msg-body").insertAdjacentElement("afterend", form);
      li.classList.add("msg-editing");
      grow(textarea);
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
      function close() {
        form.remove();
        li.classList.remove("msg-editing");
        const composer = document.getElementById("chat-input");
        if (composer) { composer.focus(); }
      }
      textarea.addEventListener("input", function () { grow(textarea); });
      textarea.addEventListener("keydown", function (event) {
        if (event.isComposing) { return; }
        if (event.key === "Escape") { event.preventDefault(); close(); }
        else if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
      });
      cancel.addEventListener("click", close);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        const text = textarea.value.trim();
        if (!text || text === body) { close(); return; }
        if (!send({ type: "chat.edit", message: Number(li.dataset.id), body: text, ref: "edit:" + li.dataset.id })) {
          toast(S.notConnected);
          return;
        }
        li.dataset.body = text;
        close();
      });
    }).catch(function () { toast(S.loadFailed); });
  }

  let pickerFor = null;
  function openPicker(button) {
    const picker = document.getElementById("chat-react-picker");
    const li = button.closest(".msg");
    if (!picker || !li) { return; }
    pickerFor = { li: li, button: button };
    li.classList.add("msg-picking");
    picker.hidden = false;
    const box = button.getBoundingClientRect();
    const width = picker.offsetWidth;
    picker.style.top = Math.max(8, box.top - picker.offsetHeight - 6) + "px";
    picker.style.left = Math.max(8, Math.min(window.innerWidth - width - 8, box.right - width)) + "px";
    picker.querySelector("button").focus();
  }
  function closePicker(refocus) {
    const picker = document.getElementById("chat-react-picker");
    if (picker) { picker.hidden = true; }
    if (pickerFor) { pickerFor.li.classList.remove("msg-picking"); }
    if (refocus && pickerFor && pickerFor.button.isConnected) { pickerFor.button.focus(); }
    pickerFor = null;
  }
  function react(li, kind) {
    if (!li.dataset.id || !send({ type: "chat.react", message: Number(li.dataset.id), kind: kind, ref: "react:" + li.dataset.id })) {
      toast(S.notConnected);
    }
  }
  function onReaction(frame) {
    if (!room || frame.room !== room.id) { return; }
    document.querySelectorAll('.msg[data-id="' + frame.message + '"]').forEach(function (li) {
      const bar = li.querySelector(".msg-reactions");
      if (!bar) { return; }
      let button = bar.querySelector('[data-react="' + frame.kind + '"]');
      if (!button) {
        if (!frame.active) { return; }
        const choice = document.querySelector('#chat-react-picker [data-pick="' + frame.kind + '"]');
        button = el("button", "reaction");
        button.type = "button";
        button.dataset.react = frame.kind;
        button.title = choice ? choice.dataset.label : frame.kind;
        const emoji = el("span", "", choice ? choice.dataset.emoji : frame.kind);
        emoji.setAttribute("aria-hidden", "true");
        button.append(emoji, document.createTextNode(" "), el("span", "reaction-count", "0"), hidden(" " + button.title));
        button.setAttribute("aria-pressed", "false");
        // In the order of the picker.
        const order = Array.prototype.map.call(document.querySelectorAll("#chat-react-picker [data-pick]"), function (b) { return b.dataset.pick; });
        const after = Array.prototype.find.call(bar.querySelectorAll("[data-react]"), function (b) { return order.indexOf(b.dataset.react) > order.indexOf(frame.kind); });
        bar.insertBefore(button, after || null);
      }
      const count = button.querySelector(".reaction-count");
      const value = Math.max(0, Number(count.textContent) + (frame.active ? 1 : -1));
      count.textContent = String(value);
      if (frame.user === me) {
        button.classList.toggle("reaction-mine", frame.active);
        button.setAttribute("aria-pressed", frame.active ? "true" : "false");
      }
      if (value === 0) { button.remove(); }
    });
  }
  function copyLink(li) {
    const url = window.location.origin + room.url + "?message=" + li.dataset.seq;
    const done = function () { toast(S.copied); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
    } else {
      const input = el("textarea");
      input.value = url;
      document.body.appendChild(input);
      input.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      input.remove();
      if (ok) { done(); } else { window.prompt("", url); }
    }
  }

  function onClick(event) {
    const target = event.target;
    const pick = target.closest("#chat-react-picker [data-pick]");
    if (pick) {
      if (pickerFor) { react(pickerFor.li, pick.dataset.pick); }
      closePicker(true);
      return;
    }
    if (!target.closest("#chat-react-picker") && !target.closest('[data-action="react"]')) { closePicker(false); }
    if (!room) { return; }
    const threadLink = target.closest("[data-thread-open]");
    if (threadLink && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      openThread(threadLink.dataset.threadOpen);
      return;
    }
    if (target.closest("[data-thread-close]")) {
      event.preventDefault();
      closeThread();
      return;
    }
    const reaction = target.closest(".msg-reactions [data-react]");
    if (reaction) {
      if (room.canWrite) { react(reaction.closest(".msg"), reaction.dataset.react); }
      return;
    }
    const action = target.closest(".msg-action[data-action]");
    if (!action) { return; }
    const li = action.closest(".msg");
    if (action.dataset.action === "react") {
      if (pickerFor && pickerFor.button === action) { closePicker(true); } else { openPicker(action); }
    } else if (action.dataset.action === "link") {
      copyLink(li);
    } else if (action.dataset.action === "edit") {
      startEdit(li);
    } else if (action.dataset.action === "delete") {
      if (window.confirm(S.confirmDelete) && !send({ type: "chat.delete", message: Number(li.dataset.id), ref: "delete:" + li.dataset.id })) {
        toast(S.notConnected);
      }
    }
  }

  /* --- People pickers (new direct message, new conversation, add people) -------------- */

  function setupPeopleSearch() {
    const form = document.querySelector("[data-people-search]");
    if (!form) { return; }
    const mode = form.dataset.peopleSearch;
    const input = form.querySelector("input[type=search]");
    const results = document.getElementById("chat-people-results");
    const chosen = document.getElementById("chat-chosen");
    let timer = null;
    function chosenIds() {
      return chosen ? Array.prototype.map.call(chosen.querySelectorAll("input[name=people]"), function (i) { return Number(i.value); }) : [];
    }
    function updateChosen() {
      if (!chosen) { return; }
      const count = chosenIds().length;
      const counter = document.querySelector("[data-chosen-count]");
      if (counter) { counter.textContent = "(" + count + "/" + chosen.dataset.limit + ")"; }
      const empty = document.querySelector("[data-chosen-empty]");
      if (empty) { empty.hidden = count > 0; }
      form.querySelectorAll("input[name=people]").forEach(function (i) { i.remove(); });
    }
    function addChip(id, name) {
      if (chosenIds().indexOf(id) !== -1 || chosenIds().length >= Number(chosen.dataset.limit)) { return; }
      const chip = el("li", "chip chat-chip");
      const hiddenInput = el("input");
      hiddenInput.type = "hidden"; hiddenInput.name = "people"; hiddenInput.value = String(id);
      const remove = el("button", "linklike");
      remove.type = "button";
      remove.dataset.removePerson = String(id);
      remove.title = S.remove;
      const cross = el("span", "", "×");
      cross.setAttribute("aria-hidden", "true");
      remove.append(cross, hidden(S.remove + " " + name));
      chip.append(hiddenInput, document.createTextNode(name + " "), remove);
      chosen.appendChild(chip);
      updateChosen();
    }
    function row(person) {
      const li = el("li");
      const avatar = avatarFor({ id: person.id, name: person.name });
      avatar.style.setProperty("--size", "32px");
      const text = el("span", "chat-person-text");
      text.append(el("strong", "", person.name), el("span", "muted", person.title || ""));
      let button;
      if (mode === "direct") {
        button = el("button", "chat-person-row");
        button.type = "submit";
        button.setAttribute("form", "chat-direct-form");
        button.name = "person";
        button.value = String(person.id);
      } else {
        button = el("button", "chat-person-row");
        button.type = "button";
        button.dataset.addPerson = String(person.id);
        button.dataset.name = person.name;
      }
      button.append(avatar, text, el("span", "chat-person-go", mode === "direct" ? form.dataset.goLabel : form.dataset.addLabel));
      li.appendChild(button);
      return li;
    }
    function search() {
      const text = input.value.trim();
      if (!text) { results.replaceChildren(); return; }
      fetch(form.dataset.url + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { people: [] }; })
        .then(function (data) {
          if (input.value.trim() !== text) { return; }
          const taken = chosenIds();
          const people = data.people.filter(function (p) { return taken.indexOf(p.id) === -1; });
          results.replaceChildren.apply(results, people.map(row));
          if (!people.length) { results.appendChild(el("li", "muted chat-people-none", S.noResults)); }
        })
        .catch(function () { /* keep what is shown */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
    form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        const first = results.querySelector("button, a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    results.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      const rows = Array.prototype.slice.call(results.querySelectorAll("button, a"));
      const index = rows.indexOf(document.activeElement);
      event.preventDefault();
      if (event.key === "ArrowUp" && index <= 0) { input.focus(); return; }
      const next = rows[index + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) { next.focus(); }
    });
    if (mode !== "direct" && chosen) {
      results.addEventListener("click", function (event) {
        const add = event.target.closest("[data-add-person]");
        if (!add) { return; }
        event.preventDefault();
        addChip(Number(add.dataset.addPerson), add.dataset.name);
        add.closest("li").remove();
        input.value = "";
        input.focus();
      });
      chosen.addEventListener("click", function (event) {
        const remove = event.target.closest("[data-remove-person]");
        if (!remove) { return; }
        event.preventDefault();
        remove.closest("li").remove();
        updateChosen();
        input.focus();
      });
      updateChosen();
    }
  }

  /* --- Keyboard: one stop for the messages, arrows between them ------------------------ */

  /* A list of messages is one stop of the Tab key: the last message (or the one last
     focused). Up and Down move between messages; Tab then reaches the focused message's
     actions; Escape comes back to the message. Hidden actions are not Tab stops. */
  function setupKeyboard(list) {
    if (!list) { return; }
    function items() { return Array.prototype.slice.call(list.querySelectorAll(".msg")); }
    function rove(li) {
      list.querySelectorAll('.msg[tabindex="0"]').forEach(function (other) { other.tabIndex = -1; });
      if (li) { li.tabIndex = 0; }
    }
    const ROVING = ".msg-action, .msg-head a";
    list.querySelectorAll(ROVING).forEach(function (node) { node.tabIndex = -1; });
    const all = items();
    rove(all[all.length - 1]);
    list.addEventListener("focusin", function (event) {
      const li = event.target.closest(".msg");
      if (!li) { return; }
      rove(li);
      list.querySelectorAll(ROVING).forEach(function (node) {
        // A continued message's header is only there for screen readers: no Tab stop.
        const hiddenHead = li.classList.contains("msg-cont") && node.closest(".msg-head");
        node.tabIndex = li.contains(node) && !hiddenHead ? 0 : -1;
      });
    });
    list.addEventListener("focusout", function (event) {
      const li = event.target.closest(".msg");
      if (li && !li.contains(event.relatedTarget)) {
        li.querySelectorAll(ROVING).forEach(function (node) { node.tabIndex = -1; });
      }
    });
    list.addEventListener("keydown", function (event) {
      const li = event.target.closest(".msg");
      if (!li || event.defaultPrevented) { return; }
      if (event.target !== li) {
        if (event.key === "Escape" && event.target.closest(".msg-actions")) { li.focus(); }
        return;
      }
      const list_ = items();
      const index = list_.indexOf(li);
      let next = null;
      if (event.key === "ArrowUp") { next = list_[index - 1]; }
      else if (event.key === "ArrowDown") { next = list_[index + 1]; }
      else if (event.key === "Home") { next = list_[0]; }
      else if (event.key === "End") { next = list_[list_.length - 1]; }
      else { return; }
      event.preventDefault();
      if (next) { next.focus(); }
    });
  }

  /* --- Wiring -------------------------------------------------------------------------- */

  /* After a reconnection, what changed meanwhile in messages already shown (edits,
     deletions, reactions, replies) comes from the server's rendering of the latest page;
     new messages come from chat.history like any gap. Sidebar counts are read again. */
  function refreshShown() {
    refreshSidebar();
    if (!room || !room.atLatest) { return; }
    const shown = room.list.querySelectorAll(".msg[data-seq]:not(.msg-pending)");
    if (!shown.length) { return; }
    const from = shown[Math.max(0, shown.length - 50)];
    fetchHtml(room.url + "?after=" + (Number(from.dataset.seq) - 1)).then(function (html) {
      const ol = parse(html).querySelector("ol");
      if (!ol) { return; }
      ol.querySelectorAll(".msg[data-seq]").forEach(function (fresh) {
        const old = room.list.querySelector('.msg[data-seq="' + fresh.dataset.seq + '"]');
        if (!old || old.classList.contains("msg-pending") || old.classList.contains("msg-editing") || old.contains(document.activeElement)) { return; }
        fresh.classList.toggle("msg-cont", old.classList.contains("msg-cont"));
        fresh.classList.toggle("msg-highlight", old.classList.contains("msg-highlight"));
        fresh.tabIndex = old.tabIndex;
        fresh.querySelectorAll(".msg-action, .msg-head a").forEach(function (node) { node.tabIndex = -1; });
        // Its reply count is the server's as of this page: count only later replies.
        const replies = fresh.querySelector(".msg-replies");
        if (replies) { replies.dataset.base = ol.dataset.lastSeq; }
        old.replaceWith(fresh);
      });
    }).catch(function () { /* the next reconnection tries again */ });
    const panel = openThread.panel();
    const input = document.getElementById("chat-thread-input");
    if (panel && !(input && input.value) && !panel.contains(document.activeElement)) {
      openThread(panel.dataset.thread, false);
    }
  }

  function setupSocket() {
    let connections = 0;
    on("socket.open", function () {
      // A (re)connection: send what waits, catch up on what was missed, ask who is here.
      outbox.forEach(function (entry) { entry.last = 0; transmit(entry); });
      if (room) { room.fetchingGap = false; room.fillGap(); }
      queryPresence();
      connections += 1;
      if (connections > 1) { refreshShown(); }
    });
    on("chat.ack", onAck);
    on("chat.message", function (frame) {
      onSidebarMessage(frame);
      receive(frame.message, true);
    });
    on("chat.history", function (frame) {
      if (!room || frame.room !== room.id || String(frame.ref || "").indexOf("gap:") !== 0) { return; }
      room.fetchingGap = false;
      clearTimeout(room.gapTimer);
      frame.messages.forEach(function (m) { receive(m, false); });
      if (frame.has_more) { room.fillGap(); }
    });
    on("chat.edited", function (frame) { if (room && frame.room === room.id) { receive(frame.message, false); } });
    on("chat.deleted", function (frame) { if (room && frame.room === room.id) { receive(frame.message, false); } });
    on("chat.reaction", onReaction);
    on("chat.read", onRead);
    on("chat.read_ok", onRead);
    on("chat.room", refreshSidebar);
    on("group.joined", refreshSidebar);
    on("group.left", refreshSidebar);
    on("chat.typing", function (frame) {
      if (!room || frame.room !== room.id || frame.user === me) { return; }
      room.typers.set(frame.user, { name: frame.name, until: Date.now() + TYPING_SHOWN });
      renderTyping();
    });
    on("presence", function (frame) {
      Object.keys(frame.users || {}).forEach(function (id) { presence[id] = frame.users[id].state; });
      applyPresence();
    });
    on("error", onError);
    setInterval(function () {
      const now = Date.now();
      outbox.forEach(function (entry) {
        if (!entry.failed && now - entry.last > RESEND_AFTER) { transmit(entry); }
      });
      renderTyping();
    }, 1000);
    setInterval(queryPresence, PRESENCE_EVERY);
  }

  function start() {
    app = document.getElementById("chat");
    const strings = document.getElementById("chat-strings");
    if (!app || !strings) { return; }
    S = strings.dataset;
    me = Number(app.dataset.me);
    meName = app.dataset.meName;
    tz = app.dataset.tz;
    lang = document.documentElement.lang || undefined;
    setupFormats();
    const roomNode = document.getElementById("chat-room");
    if (roomNode) {
      room = new Room(roomNode);
      const link = sidebarLink(room.id);
      if (link && Number(link.querySelector("[data-mentions]").dataset.mentions) > 0) {
        room.readSent = -1; // mentions wait: the next chat.read clears them, even at the same number
      }
      const composer = document.getElementById("chat-composer");
      if (composer) { setupComposer(composer, null); }
      setupScrolling();
      setupKeyboard(room.list);
      setupThread(false);
      initialScroll();
      // Ready to type, as in any chat app; not on a phone, where it would open the keyboard.
      if (composer && window.matchMedia("(min-width: 721px)").matches && !window.location.hash) {
        composer.querySelector("textarea").focus({ preventScroll: true });
      }
      document.addEventListener("visibilitychange", markReadSoon);
      window.addEventListener("focus", markReadSoon);
      // Back from another tab or app on a phone: the page may have slept; catch up.
      window.addEventListener("pageshow", function () { if (room) { room.fillGap(); } });
    }
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closePicker(true); }
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        const filter = document.querySelector("[data-chat-filter]");
        if (filter && filter.offsetParent !== null) { event.preventDefault(); filter.focus(); filter.select(); }
      }
    });
    setupFilter();
    setupPeopleSearch();
    setupSocket();
    restoreOutbox();
    updateTitle();
    markReadSoon();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
