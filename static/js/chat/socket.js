/* The chat's side of the one socket (realtime.js): which frame goes to which module,
   and what a (re)connection resumes: the outbox goes again, the room asks for what it
   missed, and what changed meanwhile in messages already shown is read again. */

import { fetchHtml, on, parse } from "./dom.js";
import { RESEND_AFTER, onAck, onError, outbox, transmit } from "./outbox.js";
import { onPresence, onTyping, queryPresence, renderTyping } from "./presence.js";
import { onReaction } from "./reactions.js";
import { receive } from "./receive.js";
import { threadPanel } from "./room.js";
import { onRead, onSidebarMessage, refreshSidebar } from "./sidebar.js";
import { state } from "./state.js";
import { openThread } from "./thread.js";

const PRESENCE_EVERY = 60000;

/* After a reconnection, what changed meanwhile in messages already shown (edits,
   deletions, reactions, replies) comes from the server's rendering of the latest page;
   new messages come from chat.history like any gap. Sidebar counts are read again. */
function refreshShown() {
  const room = state.room;
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
  const panel = threadPanel();
  const input = document.getElementById("chat-thread-input");
  if (panel && !(input && input.value) && !panel.contains(document.activeElement)) {
    openThread(panel.dataset.thread, false);
  }
}

/* A (re)connection: send what waits, catch up on what was missed, ask who is here. */
let connections = 0;
function resume() {
  const room = state.room;
  outbox.forEach(function (entry) { entry.last = 0; transmit(entry); });
  if (room) { room.fetchingGap = false; room.fillGap(); }
  queryPresence();
  connections += 1;
  if (connections > 1) { refreshShown(); }
}

/* The socket may have opened while these modules were still loading (realtime.js
   connects as soon as it runs, and a module graph takes a few requests): its
   socket.open then had no listener here, so do now what it would have done. */
export function resumeIfOpen() {
  if (connections === 0 && document.documentElement.dataset.realtime === "online") { resume(); }
}

export function setupSocket() {
  on("socket.open", resume);
  on("chat.ack", onAck);
  on("chat.message", function (frame) {
    onSidebarMessage(frame);
    receive(frame.message, true);
  });
  on("chat.history", function (frame) {
    const room = state.room;
    if (!room || frame.room !== room.id || String(frame.ref || "").indexOf("gap:") !== 0) { return; }
    room.fetchingGap = false;
    clearTimeout(room.gapTimer);
    frame.messages.forEach(function (m) { receive(m, false); });
    if (frame.has_more) { room.fillGap(); }
  });
  on("chat.edited", function (frame) { if (state.room && frame.room === state.room.id) { receive(frame.message, false); } });
  on("chat.deleted", function (frame) { if (state.room && frame.room === state.room.id) { receive(frame.message, false); } });
  on("chat.reaction", onReaction);
  on("chat.read", onRead);
  on("chat.read_ok", onRead);
  on("chat.room", refreshSidebar);
  on("group.joined", refreshSidebar);
  on("group.left", refreshSidebar);
  on("chat.typing", onTyping);
  on("presence", onPresence);
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
