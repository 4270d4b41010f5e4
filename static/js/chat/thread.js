/* The thread panel beside the room: opened from a message's replies link (the server
   renders it), closed with its button or Escape, with its own composer and keyboard
   list, and the thread's replies still waiting in the outbox shown as pending. */

import { fetchHtml, parse, toast } from "./dom.js";
import { setupComposer } from "./composer.js";
import { setupKeyboard } from "./keyboard.js";
import { pendingElement } from "./message.js";
import { outbox, showStatus } from "./outbox.js";
import { threadPanel } from "./room.js";
import { state } from "./state.js";
import { decorate } from "./timeline.js";

export function openThread(id, focus) {
  const aside = document.getElementById("chat-thread");
  const room = state.room;
  if (!aside || !room) { return; }
  const url = room.threadUrl(id);
  fetchHtml(url).then(function (html) {
    aside.replaceChildren(parse(html));
    aside.hidden = false;
    state.app.classList.add("chat-app-thread");
    history.replaceState(null, "", url);
    setupThread(focus);
  }).catch(function () { toast(state.S.loadFailed); });
}
export function closeThread() {
  const aside = document.getElementById("chat-thread");
  const room = state.room;
  if (!aside) { return; }
  const id = threadPanel() && threadPanel().dataset.thread;
  aside.hidden = true;
  aside.replaceChildren();
  state.app.classList.remove("chat-app-thread");
  history.replaceState(null, "", room.url);
  const back = id && room.list.querySelector('.msg[data-id="' + id + '"] .msg-replies');
  const input = document.getElementById("chat-input");
  if (back && !back.hidden) { back.focus(); } else if (input) { input.focus(); }
}
export function setupThread(focus) {
  const room = state.room;
  const panel = threadPanel();
  if (!panel) { return; }
  const scroller = document.getElementById("chat-thread-scroll");
  const form = document.getElementById("chat-thread-composer");
  scroller.scrollTop = scroller.scrollHeight;
  setupKeyboard(document.getElementById("chat-thread-replies"));
  if (form) {
    setupComposer(form, Number(form.dataset.parent), closeThread);
    if (focus !== false) { form.querySelector("textarea").focus(); }
  }
  // Pending replies of this thread from the outbox.
  outbox.forEach(function (entry) {
    if (entry.frame.room === room.id && entry.frame.parent === Number(panel.dataset.thread) && !(entry.li && entry.li.isConnected)) {
      const list = document.getElementById("chat-thread-replies");
      entry.li = pendingElement(entry.frame);
      list.appendChild(entry.li);
      decorate(list, entry.li);
      showStatus(entry);
    }
  });
}
