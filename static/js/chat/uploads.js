/* Files of the message being written: each one chosen (button, paste, drop) uploads at
   once and shows as a chip with its progress, its error, and a remove button; the
   message then names those uploaded (chat/attachments.py). One upload at a time, so
   that they are stored, and shown, in the order they were chosen. */

import { csrfToken, el, fmt, hidden, icon } from "./dom.js";
import { fileSize } from "./formats.js";
import { state } from "./state.js";

let guarded = false; // the whole page refuses to open a dropped file (once)

export function setupUploads(form, textarea) {
  const S = state.S;
  const tray = form.querySelector("[data-uploads]");
  const input = form.querySelector("[data-attach-input]");
  const button = form.querySelector("[data-attach]");
  const items = [];
  const queue = [];
  let current = null;
  if (!tray || !input || !button || !form.dataset.uploadUrl) { return null; }

  function show() { tray.hidden = items.length === 0; }
  function drop(item) {
    const index = items.indexOf(item);
    if (index !== -1) { items.splice(index, 1); }
    if (item.preview) { URL.revokeObjectURL(item.preview); }
    item.chip.remove();
    show();
  }
  function remove(item) {
    if (item.state === "uploading") {
      if (item.xhr) { item.xhr.abort(); }
      if (queue.indexOf(item) !== -1) { queue.splice(queue.indexOf(item), 1); }
      if (current === item) { current = null; next(); }
    }
    if (item.state === "done") {
      fetch(form.dataset.uploadUrl + item.data.id + "/discard/", {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
      }).catch(function () { /* an unsent upload is deleted a day later anyway */ });
    }
    drop(item);
    textarea.focus();
  }
  function render(item) {
    const chip = item.chip;
    chip.className = "chat-upload" + (item.image ? " chat-upload-image" : "") + " chat-upload-" + item.state;
    const meta = chip.querySelector(".chat-upload-meta");
    const bar = chip.querySelector("progress");
    bar.hidden = item.state !== "uploading";
    if (item.state === "failed") {
      meta.textContent = item.error;
      meta.setAttribute("role", "alert");
    } else if (item.state === "uploading") {
      meta.textContent = fmt(S.uploading, { percent: Math.round(item.progress * 100) });
      bar.value = item.progress;
    } else {
      meta.textContent = fileSize(item.data.size);
    }
  }
  function add(file) {
    const item = { name: file.name, state: "uploading", progress: 0, image: /^image\//.test(file.type) };
    const chip = el("li");
    const preview = el("span", "chat-upload-preview");
    if (item.image) {
      item.preview = URL.createObjectURL(file);
      const img = el("img");
      img.src = item.preview;
      img.alt = "";
      preview.appendChild(img);
    } else {
      preview.appendChild(icon("file"));
    }
    const text = el("span", "chat-upload-text");
    text.append(el("span", "chat-upload-name", file.name), el("span", "chat-upload-meta"));
    const bar = el("progress");
    bar.max = 1;
    const close = el("button", "chat-upload-remove");
    close.type = "button";
    close.title = S.remove;
    const cross = el("span", "", "×");
    cross.setAttribute("aria-hidden", "true");
    close.append(cross, hidden(S.remove + " " + file.name));
    close.addEventListener("click", function () { remove(item); });
    chip.append(preview, text, bar, close);
    item.chip = chip;
    item.file = file;
    items.push(item);
    tray.appendChild(chip);
    render(item);
    show();
    queue.push(item);
    next();
  }
  function next() {
    if (current || !queue.length) { return; }
    const item = current = queue.shift();
    const file = item.file;
    function done() { current = null; next(); }
    const xhr = new XMLHttpRequest();
    item.xhr = xhr;
    xhr.open("POST", form.dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json"); // a refusal comes back as JSON too
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { item.progress = event.loaded / event.total; render(item); }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 201 && xhr.response) {
        item.state = "done";
        item.data = xhr.response;
      } else {
        item.state = "failed";
        item.error = (xhr.response && xhr.response.error) || fmt(S.uploadFailed, { name: file.name });
      }
      render(item);
      done();
    });
    xhr.addEventListener("error", function () {
      item.state = "failed";
      item.error = fmt(S.uploadFailed, { name: file.name });
      render(item);
      done();
    });
    const data = new FormData();
    data.append("file", file);
    xhr.send(data);
  }
  function addAll(files) { Array.prototype.forEach.call(files, add); }

  button.addEventListener("click", function () { input.click(); });
  input.addEventListener("change", function () { addAll(input.files); input.value = ""; });
  textarea.addEventListener("paste", function (event) {
    const files = event.clipboardData && event.clipboardData.files;
    if (files && files.length) { event.preventDefault(); addAll(files); }
  });
  // Files dropped anywhere on the room (or on the thread panel, for its composer).
  const zone = form.closest(".chat-room, .chat-thread-inner") || form;
  function carriesFiles(event) {
    return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1;
  }
  zone.addEventListener("dragover", function (event) {
    if (!carriesFiles(event)) { return; }
    event.preventDefault();
    zone.classList.add("chat-dropping");
  });
  zone.addEventListener("dragleave", function (event) {
    if (!zone.contains(event.relatedTarget)) { zone.classList.remove("chat-dropping"); }
  });
  zone.addEventListener("drop", function (event) {
    zone.classList.remove("chat-dropping");
    if (!carriesFiles(event)) { return; }
    event.preventDefault();
    addAll(event.dataTransfer.files);
    textarea.focus();
  });
  if (!guarded) {
    // A file dropped next to a zone must not make the browser leave the chat to open it.
    guarded = true;
    ["dragover", "drop"].forEach(function (type) {
      document.addEventListener(type, function (event) { if (carriesFiles(event)) { event.preventDefault(); } });
    });
  }
  return {
    busy: function () { return items.some(function (i) { return i.state === "uploading"; }); },
    ready: function () { return items.filter(function (i) { return i.state === "done"; }).map(function (i) { return i.data; }); },
    clear: function () { items.slice().forEach(drop); }
  };
}
