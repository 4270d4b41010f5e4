/* One click listener for the page: the picker's choices, thread links and the close
   button, reactions, and a message's actions (react, copy link, edit, delete). */

import { el, send, toast } from "./dom.js";
import { startEdit } from "./edit.js";
import { closePicker, pick, react, togglePicker } from "./reactions.js";
import { state } from "./state.js";
import { closeThread, openThread } from "./thread.js";

function copyLink(li) {
  const url = window.location.origin + state.room.url + "?message=" + li.dataset.seq;
  const done = function () { toast(state.S.copied); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
  } else {
    const input = el("textarea");
    input.value = url;
    document.body.appendChild(input);
    input.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    input.remove();
    if (ok) { done(); } else { window.prompt("", url); }
  }
}

export function onClick(event) {
  const room = state.room;
  const target = event.target;
  const choice = target.closest("#chat-react-picker [data-pick]");
  if (choice) {
    pick(choice.dataset.pick);
    return;
  }
  if (!target.closest("#chat-react-picker") && !target.closest('[data-action="react"]')) { closePicker(false); }
  if (!room) { return; }
  const threadLink = target.closest("[data-thread-open]");
  if (threadLink && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    event.preventDefault();
    openThread(threadLink.dataset.threadOpen);
    return;
  }
  if (target.closest("[data-thread-close]")) {
    event.preventDefault();
    closeThread();
    return;
  }
  const reaction = target.closest(".msg-reactions [data-react]");
  if (reaction) {
    if (room.canWrite) { react(reaction.closest(".msg"), reaction.dataset.react); }
    return;
  }
  const action = target.closest(".msg-action[data-action]");
  if (!action) { return; }
  const li = action.closest(".msg");
  if (action.dataset.action === "react") {
    togglePicker(action);
  } else if (action.dataset.action === "link") {
    copyLink(li);
  } else if (action.dataset.action === "edit") {
    startEdit(li);
  } else if (action.dataset.action === "delete") {
    if (window.confirm(state.S.confirmDelete) && !send({ type: "chat.delete", message: Number(li.dataset.id), ref: "delete:" + li.dataset.id })) {
      toast(state.S.notConnected);
    }
  }
}
