/* A composer (the room's, or a thread's): Enter sends, Shift+Enter breaks the line,
   Up edits one's last message, typing tells the room, files upload as they are chosen.
   The thread passes onEscape (closing itself), so that this module needs no thread. */

import { fmt, grow, send, toast } from "./dom.js";
import { startEdit } from "./edit.js";
import { submit } from "./outbox.js";
import { state } from "./state.js";
import { setupUploads } from "./uploads.js";

const TYPING_EVERY = 3000; // ms between two chat.typing frames while typing

export function setupComposer(form, parent, onEscape) {
  const S = state.S;
  const room = state.room;
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
    } else if (event.key === "Escape" && parent && onEscape) {
      onEscape();
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
