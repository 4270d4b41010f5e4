/* A message from a frame (live, or from history after a gap): added once where it
   belongs, or, when already shown (pending or stored), brought to its new state. Also
   keeps reply counts, the unread line and the screen reader's announcement. */

import { el, fmt, plainText } from "./dom.js";
import { applyData, buildMessage, setReplyCount } from "./message.js";
import { forget } from "./outbox.js";
import { renderTyping } from "./presence.js";
import { markReadSoon, showJump } from "./reading.js";
import { threadNearBottom, threadPanel } from "./room.js";
import { state } from "./state.js";
import { findMessage, place } from "./timeline.js";

export function receive(m, live) {
  const room = state.room;
  const me = state.me;
  if (!room || m.room !== room.id) { return; }
  room.noteSeq(m.seq);
  if (m.parent) {
    receiveReply(m);
  } else {
    const known = findMessage(room.list, m);
    if (known) {
      confirmMessage(known, m, false);
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
        line.appendChild(el("span", "", state.S.newMessages));
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
    if (announce && !m.parent) { announce.textContent = fmt(state.S.announce, { name: m.author.name, text: said }); }
  }
  markReadSoon();
}

function receiveReply(m) {
  const room = state.room;
  const thread = threadPanel();
  if (thread && Number(thread.dataset.thread) === m.parent) {
    const list = document.getElementById("chat-thread-replies");
    const known = findMessage(list, m);
    if (known) {
      confirmMessage(known, m, true);
    } else {
      const scroller = document.getElementById("chat-thread-scroll");
      const stick = threadNearBottom(scroller);
      place(list, buildMessage(m, true));
      if (stick || m.author.id === state.me) { scroller.scrollTop = scroller.scrollHeight; }
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
    node.textContent = count === 1 ? state.S.replyOne : fmt(state.S.replyMany, { count: count });
  }
}

/* A pending element becomes the stored message (or a known one gets its new state). */
function confirmMessage(li, m, inThread) {
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
