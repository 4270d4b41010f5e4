/* Small shared helpers: building DOM, fetching server-rendered HTML, the socket's send
   and on (window.RSE.realtime, set up by realtime.js before this module runs), ids. */

export function fmt(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
    return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
  });
}
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}
export function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
  use.setAttribute("href", "#ci-" + name);
  svg.appendChild(use);
  return svg;
}
export function hidden(text) { return el("span", "visually-hidden", text); }
export function send(frame) { return !!(window.RSE && window.RSE.realtime && window.RSE.realtime.send(frame)); }
export function on(type, fn) { if (window.RSE && window.RSE.realtime) { window.RSE.realtime.on(type, fn); } }
export function newId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
  // randomUUID needs a secure context; an intranet served over plain HTTP has none.
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}
export function fetchHtml(url) {
  return fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } }).then(function (r) {
    if (!r.ok) { throw new Error(String(r.status)); }
    return r.text();
  });
}
export function parse(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content;
}
let toastTimer = null;
export function toast(text) {
  const box = document.getElementById("chat-toast");
  if (!box) { return; }
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(function () { box.hidden = true; }, 2500);
}
export function plainText(html) {
  const div = document.createElement("div");
  div.innerHTML = html;
  return (div.textContent || "").replace(/\s+/g, " ").trim().slice(0, 200);
}
export function csrfToken() {
  try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
}
/* A textarea as tall as its text, up to a limit (the composers and the message editor). */
export function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = Math.min(textarea.scrollHeight + 2, 240) + "px";
}
