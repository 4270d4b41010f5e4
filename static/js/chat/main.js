/* Chat in the browser: the client side of the chat.* frames (docs/realtime.md).

   Pages are rendered by the server; these modules send messages on the socket and keep
   the open room, its thread and the sidebar's counts live. Nothing written is lost
   (outbox.js); after a reconnect, or when a message number jumps, the room asks the
   server for what follows the last number it saw, and merges by number without
   duplicates (room.js, receive.js). Message HTML from the server is already sanitized
   and is inserted as HTML; every other text goes in as text.

   This is the entry module (templates/chat/base.html). Like every module here it is
   deferred: it runs after realtime.js and feed.js (classic deferred scripts placed
   before it), so window.RSE.realtime and window.RSE.mentions exist, and it starts on
   DOMContentLoaded as the single script did. Loading the modules takes longer than one
   script did, so the socket may already be open by then: resumeIfOpen() (socket.js)
   catches up on the socket.open it missed. Modules reach each other only downwards,
   never in a circle: collectstatic's hashed names (rse/storage.py) need that. */

import { setupComposer } from "./composer.js";
import { onClick } from "./clicks.js";
import { setupFormats } from "./formats.js";
import { setupKeyboard } from "./keyboard.js";
import { restoreOutbox } from "./outbox.js";
import { setupPeopleSearch } from "./people.js";
import { closePicker } from "./reactions.js";
import { markReadSoon } from "./reading.js";
import { Room } from "./room.js";
import { initialScroll, setupScrolling } from "./scrolling.js";
import { setupFilter, sidebarLink, updateTitle } from "./sidebar.js";
import { resumeIfOpen, setupSocket } from "./socket.js";
import { state } from "./state.js";
import { setupThread } from "./thread.js";

function start() {
  const app = document.getElementById("chat");
  const strings = document.getElementById("chat-strings");
  if (!app || !strings) { return; }
  state.app = app;
  state.S = strings.dataset;
  state.me = Number(app.dataset.me);
  state.meName = app.dataset.meName;
  state.tz = app.dataset.tz;
  state.lang = document.documentElement.lang || undefined;
  setupFormats();
  const roomNode = document.getElementById("chat-room");
  if (roomNode) {
    const room = state.room = new Room(roomNode);
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
    window.addEventListener("pageshow", function () { if (state.room) { state.room.fillGap(); } });
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
  resumeIfOpen();
}

document.addEventListener("DOMContentLoaded", start);
