/* Reactions: the emoji picker opened from a message's action, chat.react frames sent,
   and the live counts of chat.reaction frames, kept in the picker's order. */

import { el, hidden, send, toast } from "./dom.js";
import { state } from "./state.js";

let pickerFor = null; // {li, button} while the picker is open

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
export function closePicker(refocus) {
  const picker = document.getElementById("chat-react-picker");
  if (picker) { picker.hidden = true; }
  if (pickerFor) { pickerFor.li.classList.remove("msg-picking"); }
  if (refocus && pickerFor && pickerFor.button.isConnected) { pickerFor.button.focus(); }
  pickerFor = null;
}
/* A message's react button: opens the picker, or closes it when it is open for it. */
export function togglePicker(button) {
  if (pickerFor && pickerFor.button === button) { closePicker(true); } else { openPicker(button); }
}
/* A choice in the picker: reacts on the message it was opened for. */
export function pick(kind) {
  if (pickerFor) { react(pickerFor.li, kind); }
  closePicker(true);
}
export function react(li, kind) {
  if (!li.dataset.id || !send({ type: "chat.react", message: Number(li.dataset.id), kind: kind, ref: "react:" + li.dataset.id })) {
    toast(state.S.notConnected);
  }
}
export function onReaction(frame) {
  const room = state.room;
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
    if (frame.user === state.me) {
      button.classList.toggle("reaction-mine", frame.active);
      button.setAttribute("aria-pressed", frame.active ? "true" : "false");
    }
    if (value === 0) { button.remove(); }
  });
}
