/* The room list: unread and mention counts kept live from frames (or read again from
   the server when a frame cannot tell), the tab's title with the total, and the filter
   box that narrows the list as a name is typed. */

import { fetchHtml, parse } from "./dom.js";
import { applyPresence, queryPresence } from "./presence.js";
import { state } from "./state.js";

export function sidebarLink(roomId) { return document.querySelector('[data-room-link="' + roomId + '"]'); }
function setBadge(badge, count, prefix) {
  if (!badge) { return; }
  const label = badge.querySelector(".visually-hidden");
  badge.replaceChildren(document.createTextNode((prefix || "") + count), label || "");
  badge.hidden = count <= 0;
}
function setCounts(link, unread, mentions) {
  const unreadBadge = link.querySelector("[data-unread]");
  const mentionBadge = link.querySelector("[data-mentions]");
  if (unread !== null) { unreadBadge.dataset.unread = String(unread); setBadge(unreadBadge, unread); }
  if (mentions !== null) { mentionBadge.dataset.mentions = String(mentions); setBadge(mentionBadge, mentions, "@"); }
  link.classList.toggle("is-unread", Number(unreadBadge.dataset.unread) > 0);
  updateTitle();
}
const baseTitle = document.title;
export function updateTitle() {
  let total = 0;
  document.querySelectorAll("#chat-sidebar [data-unread]").forEach(function (b) { total += Number(b.dataset.unread) || 0; });
  document.title = total ? "(" + total + ") " + baseTitle : baseTitle;
}
let refreshTimer = null;
export function refreshSidebar() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(function () {
    const room = state.room;
    const url = state.app.dataset.sidebarUrl + (room ? "?room=" + room.id : "");
    fetchHtml(url).then(function (html) {
      const fresh = parse(html).querySelector("#chat-sidebar");
      const old = document.getElementById("chat-sidebar");
      if (!fresh || !old) { return; }
      const filter = old.querySelector("[data-chat-filter]");
      const scroll = old.querySelector(".chat-sidebar-scroll");
      const top = scroll ? scroll.scrollTop : 0;
      const hadFocus = document.activeElement === filter;
      fresh.querySelector("[data-chat-filter]").value = filter ? filter.value : "";
      old.replaceWith(fresh);
      setupFilter();
      applyFilter();
      if (hadFocus) { fresh.querySelector("[data-chat-filter]").focus(); }
      fresh.querySelector(".chat-sidebar-scroll").scrollTop = top;
      applyPresence();
      updateTitle();
      queryPresence();
    }).catch(function () { /* the next event tries again */ });
  }, 400);
}
export function onSidebarMessage(frame) {
  const room = state.room;
  const me = state.me;
  const m = frame.message;
  const link = sidebarLink(frame.room);
  if (!link) { refreshSidebar(); return; }
  link.dataset.lastSeq = String(Math.max(Number(link.dataset.lastSeq) || 0, m.seq));
  const recent = link.closest("[data-recent-list]");
  if (recent && recent.firstElementChild !== link.parentNode) { recent.prepend(link.parentNode); }
  if (m.author.id === me) {
    // Sending (here or in another tab) moves the person's read marker to it.
    setCounts(link, 0, null);
    return;
  }
  const viewing = room && room.id === frame.room && room.viewing() && !m.parent;
  if (viewing) { return; }
  const unread = Number(link.querySelector("[data-unread]").dataset.unread) || 0;
  const mentions = Number(link.querySelector("[data-mentions]").dataset.mentions) || 0;
  const mentioned = (m.mentions || []).indexOf(me) !== -1;
  setCounts(link, m.parent ? unread : unread + 1, mentioned ? mentions + 1 : mentions);
}
export function onRead(frame) {
  const room = state.room;
  const link = sidebarLink(frame.room);
  if (!link) { return; }
  if (frame.seq >= Number(link.dataset.lastSeq)) { setCounts(link, 0, 0); } else { refreshSidebar(); }
  if (room && room.id === frame.room && frame.seq > room.readSent) { room.readSent = frame.seq; }
}

let filterText = "";
function normalize(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
function applyFilter() {
  document.querySelectorAll("#chat-sidebar [data-room-link]").forEach(function (link) {
    link.parentNode.hidden = !!filterText && normalize(link.dataset.name || "").indexOf(filterText) === -1;
  });
}
export function setupFilter() {
  const input = document.querySelector("[data-chat-filter]");
  if (!input) { return; }
  input.addEventListener("input", function () { filterText = normalize(input.value.trim()); applyFilter(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      const first = Array.prototype.find.call(document.querySelectorAll("#chat-sidebar [data-room-link]"), function (a) { return !a.parentNode.hidden; });
      if (first) { event.preventDefault(); window.location.href = first.href; }
    } else if (event.key === "Escape") {
      input.value = ""; filterText = ""; applyFilter();
    }
  });
}
