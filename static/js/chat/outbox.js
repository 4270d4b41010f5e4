/* Sending, so that nothing written is lost: a message is shown at once as pending with
   an id made here (client_id), kept in localStorage, and sent again with the same id
   (every few seconds, on every reconnect, after a reload) until the server acks it;
   the server never stores it twice. Acks and errors for sent frames land here too. */

import { el, fmt, icon, newId, send, toast } from "./dom.js";
import { pendingElement } from "./message.js";
import { threadPanel } from "./room.js";
import { state } from "./state.js";
import { decorate } from "./timeline.js";

const OUTBOX_PREFIX = "rse.chat.outbox."; // + the person's id: one outbox per person
export const RESEND_AFTER = 3000; // ms without an ack before the same frame goes again

export const outbox = new Map(); // client_id -> {frame, li, last, failed}

const settled = new Set(); // client ids acked or discarded here: other tabs' stay
function outboxKey() { return OUTBOX_PREFIX + state.me; }
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
export function forget(clientId) {
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
export function transmit(entry) {
  if (entry.failed) { return; }
  if (send(wire(entry.frame))) { entry.last = Date.now(); }
  showStatus(entry);
}
export function showStatus(entry) {
  const S = state.S;
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

export function submit(text, parent, files) {
  const room = state.room;
  const frame = { type: "chat.send", room: room.id, client_id: newId(), body: text };
  if (parent) { frame.parent = parent; }
  if (files && files.length) {
    frame.attachments = files.map(function (f) { return f.id; });
    frame.files = files;
  }
  frame.ref = "send:" + frame.client_id;
  const list = parent ? document.getElementById("chat-thread-replies") : room.list;
  const li = pendingElement(frame);
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
export function restoreOutbox() {
  const room = state.room;
  const frames = storedFrames();
  frames.forEach(function (frame) {
    if (!frame || !frame.client_id || outbox.has(frame.client_id)) { return; }
    let li = null;
    if (room && frame.room === room.id) {
      const thread = threadPanel();
      let list = null;
      if (!frame.parent) { list = room.list; }
      else if (thread && Number(thread.dataset.thread) === frame.parent) { list = document.getElementById("chat-thread-replies"); }
      if (list && !list.querySelector('.msg[data-client-id="' + CSS.escape(frame.client_id) + '"]')) {
        li = pendingElement(frame);
        list.appendChild(li);
        decorate(list, li);
      }
    }
    outbox.set(frame.client_id, { frame: frame, li: li, last: 0, failed: null });
  });
  outbox.forEach(transmit);
}

export function onAck(frame) {
  const entry = outbox.get(frame.client_id);
  if (!entry) { return; }
  forget(frame.client_id);
  if (!state.room || frame.room !== state.room.id) { return; }
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
    const room = state.room;
    if (room && room.lastSeq < frame.seq && !room.above.has(frame.seq)) { room.fillGap(); }
  }, 2000);
}

export function onError(frame) {
  const ref = String(frame.ref || "");
  if (ref.indexOf("send:") === 0) {
    const entry = outbox.get(ref.slice(5));
    if (entry && (frame.code === "server_error" || frame.code === "rate_limited")) {
      // Passing trouble: the message stays pending and goes again (same client id).
      entry.last = Date.now() + RESEND_AFTER;
    } else if (entry) {
      entry.failed = frame.message || "?";
      saveOutbox();
      if (entry.li) { showStatus(entry); } else { toast(fmt(state.S.failed, { reason: entry.failed })); }
    }
  } else if (ref.indexOf("gap:") === 0 && state.room) {
    state.room.fetchingGap = false;
  } else if (ref.indexOf("edit:") === 0 || ref.indexOf("delete:") === 0 || ref.indexOf("react:") === 0) {
    toast(frame.message);
  }
}
