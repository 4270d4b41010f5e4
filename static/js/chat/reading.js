/* What the person has read: chat.read with the newest message they can see (when the
   tab is visible), and the jump button that offers the latest messages. */

import { send } from "./dom.js";
import { state } from "./state.js";

let readTimer = null;
export function markReadSoon() {
  clearTimeout(readTimer);
  readTimer = setTimeout(markRead, 250);
}
function markRead() {
  const room = state.room;
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
  // A preview writes no read state (the socket would refuse it anyway).
  if (!room.preview && seq > room.readSent && send({ type: "chat.read", room: room.id, seq: seq })) {
    room.readSent = seq;
  }
  if (room.viewing()) {
    room.unreadLineArmed = false;
    showJump(false);
  }
}

export function showJump(newBelow) {
  const room = state.room;
  const jump = document.getElementById("chat-jump");
  if (!jump || !room) { return; }
  if (!newBelow && room.atLatest) { jump.hidden = true; return; }
  jump.querySelector("[data-jump-text]").textContent = newBelow ? state.S.newBelow : state.S.jump;
  jump.hidden = false;
}
