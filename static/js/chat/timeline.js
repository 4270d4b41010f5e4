/* Where a message element goes in a list: by number (pending ones stay last), with a
   day line when the day changes, and without a header when it continues the previous
   author's run. Also finds the element a frame's message already has. */

import { el } from "./dom.js";
import { dayLabel } from "./formats.js";
import { state } from "./state.js";

const GROUPED_WITHIN = 5 * 60 * 1000; // one header for a person's messages in a row

export function findMessage(list, m) {
  if (!list) { return null; }
  const bySeq = list.querySelector('.msg[data-seq="' + m.seq + '"]');
  if (bySeq) { return bySeq; }
  if (m.author && m.author.id === state.me && m.client_id) {
    return list.querySelector('.msg[data-client-id="' + CSS.escape(m.client_id) + '"]');
  }
  return null;
}

export function place(list, li) {
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

export function decorate(list, li) {
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
