/* Editing one's own message in place: its Markdown source (kept on the element, or
   read from the server's rendering), a small form under the body, chat.edit on save. */

import { el, fetchHtml, grow, parse, send, toast } from "./dom.js";
import { state } from "./state.js";

function withBody(li) {
  if (li.dataset.body !== undefined) { return Promise.resolve(li.dataset.body); }
  return fetchHtml(state.room.messageUrl(li.dataset.seq)).then(function (html) {
    const fresh = parse(html).querySelector(".msg");
    if (!fresh || fresh.dataset.body === undefined) { throw new Error("not editable"); }
    li.dataset.body = fresh.dataset.body;
    return fresh.dataset.body;
  });
}
export function startEdit(li) {
  const S = state.S;
  if (li.querySelector(".msg-editor") || !li.dataset.id) { return; }
  withBody(li).then(function (body) {
    const form = el("form", "msg-editor");
    const label = el("label", "visually-hidden", S.editLabel);
    const textarea = el("textarea");
    textarea.id = "edit-" + li.dataset.id;
    label.htmlFor = textarea.id;
    textarea.value = body;
    textarea.rows = 1;
    const row = el("div", "msg-editor-row");
    const hint = el("span", "chat-hint", S.editHint);
    const cancel = el("button", "button", S.cancel);
    cancel.type = "button";
    const save = el("button", "button button-primary", S.save);
    save.type = "submit";
    row.append(hint, cancel, save);
    form.append(label, textarea, row);
    li.querySelector(".msg-body").insertAdjacentElement("afterend", form);
    li.classList.add("msg-editing");
    grow(textarea);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    function close() {
      form.remove();
      li.classList.remove("msg-editing");
      const composer = document.getElementById("chat-input");
      if (composer) { composer.focus(); }
    }
    textarea.addEventListener("input", function () { grow(textarea); });
    textarea.addEventListener("keydown", function (event) {
      if (event.isComposing) { return; }
      if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    cancel.addEventListener("click", close);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text || text === body) { close(); return; }
      if (!send({ type: "chat.edit", message: Number(li.dataset.id), body: text, ref: "edit:" + li.dataset.id })) {
        toast(S.notConnected);
        return;
      }
      li.dataset.body = text;
      close();
    });
  }).catch(function () { toast(S.loadFailed); });
}
