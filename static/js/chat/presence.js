/* Who is online (presence dots and texts anywhere on the page) and who is typing in the
   open room (the line under the messages). */

import { fmt, send } from "./dom.js";
import { state } from "./state.js";

const TYPING_SHOWN = 6000; // ms a "is typing" line stays without news

const presence = {}; // person id -> their state, as the server last told it
function presenceIds() {
  const ids = new Set();
  document.querySelectorAll("[data-presence]").forEach(function (dot) { ids.add(Number(dot.dataset.presence)); });
  return Array.from(ids).filter(function (id) { return id && id !== state.me; }).slice(0, 100);
}
export function queryPresence() {
  const ids = presenceIds();
  if (ids.length) { send({ type: "presence.query", users: ids, ref: "presence" }); }
}
export function applyPresence() {
  const S = state.S;
  document.querySelectorAll("[data-presence]").forEach(function (dot) {
    const value = presence[dot.dataset.presence];
    if (!value) { return; }
    dot.dataset.state = value;
    dot.title = S[value] || "";
  });
  document.querySelectorAll("[data-presence-text]").forEach(function (text) {
    const value = presence[text.dataset.presenceText];
    if (value) { text.textContent = S[value] || ""; text.dataset.state = value; }
  });
}
export function onPresence(frame) {
  Object.keys(frame.users || {}).forEach(function (id) { presence[id] = frame.users[id].state; });
  applyPresence();
}

export function onTyping(frame) {
  const room = state.room;
  if (!room || frame.room !== room.id || frame.user === state.me) { return; }
  room.typers.set(frame.user, { name: frame.name, until: Date.now() + TYPING_SHOWN });
  renderTyping();
}
export function renderTyping() {
  const S = state.S;
  const room = state.room;
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
