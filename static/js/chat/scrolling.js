/* Scrolling the open room: older and newer pages fetched as the list nears either end,
   the jump button's clicks, and where the page starts (a linked message, the first
   unread one, or the bottom). */

import { fetchHtml, parse, toast } from "./dom.js";
import { markReadSoon, showJump } from "./reading.js";
import { state } from "./state.js";

function mergePage(html, where) {
  const room = state.room;
  const ol = parse(html).querySelector("ol");
  if (!ol) { return null; }
  const items = Array.prototype.filter.call(ol.children, function (item) {
    return !(item.classList.contains("msg") && room.list.querySelector('.msg[data-seq="' + item.dataset.seq + '"]'));
  });
  items.forEach(function (item) {
    const replies = item.querySelector && item.querySelector(".msg-replies");
    if (replies) { replies.dataset.base = ol.dataset.lastSeq; }
    item.querySelectorAll && item.querySelectorAll(".msg-action, .msg-head a").forEach(function (node) { node.tabIndex = -1; });
  });
  if (where === "older") {
    const oldHeight = room.scroller.scrollHeight;
    const firstNow = room.list.firstElementChild;
    const fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(item); });
    if (fragment.querySelector(".chat-unread-line")) {
      const old = document.getElementById("chat-unread-line");
      if (old) { old.remove(); }
    }
    const lastNew = fragment.lastElementChild;
    room.list.insertBefore(fragment, room.list.firstElementChild);
    if (firstNow && firstNow.classList.contains("chat-day") && lastNew && lastNew.dataset.day === firstNow.dataset.day) {
      firstNow.remove();
    }
    room.scroller.scrollTop += room.scroller.scrollHeight - oldHeight;
  } else {
    items.forEach(function (item) {
      if (item.classList.contains("chat-day") && room.list.querySelector('.chat-day[data-day="' + item.dataset.day + '"]')) { return; }
      if (item.classList.contains("chat-unread-line") && document.getElementById("chat-unread-line")) { return; }
      room.list.appendChild(item);
    });
  }
  return ol;
}

function loadOlder() {
  const room = state.room;
  if (!room || room.loading || !room.hasOlder) { return; }
  const first = room.list.querySelector(".msg[data-seq]");
  if (!first) { return; }
  room.loading = true;
  fetchHtml(room.url + "?before=" + first.dataset.seq).then(function (html) {
    const ol = mergePage(html, "older");
    room.hasOlder = ol && ol.dataset.hasOlder === "true";
    if (!room.hasOlder) {
      const older = document.getElementById("chat-older");
      if (older) { older.replaceChildren(); }
    }
  }).catch(function () { toast(state.S.loadFailed); }).then(function () { room.loading = false; });
}

function loadNewer() {
  const room = state.room;
  if (!room || room.loading || room.atLatest) { return; }
  const items = room.list.querySelectorAll(".msg[data-seq]");
  const last = items[items.length - 1];
  if (!last) { return; }
  room.loading = true;
  fetchHtml(room.url + "?after=" + last.dataset.seq).then(function (html) {
    const ol = mergePage(html, "newer");
    if (ol && ol.dataset.hasNewer !== "true") {
      room.atLatest = true;
      const newer = document.getElementById("chat-newer");
      if (newer) { newer.replaceChildren(); }
      showJump(false);
      room.fillGap(); // and from here on, live
    }
  }).catch(function () { toast(state.S.loadFailed); }).then(function () { room.loading = false; markReadSoon(); });
}

export function setupScrolling() {
  const room = state.room;
  const older = document.querySelector('[data-load="older"]');
  const newer = document.querySelector('[data-load="newer"]');
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        if (entry.target.dataset.load === "older") { loadOlder(); } else { loadNewer(); }
      });
    }, { root: room.scroller, rootMargin: "300px 0px" });
    if (older) { observer.observe(older); }
    if (newer) { observer.observe(newer); }
  }
  [older, newer].forEach(function (link) {
    if (!link) { return; }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (link.dataset.load === "older") { loadOlder(); } else { loadNewer(); }
    });
  });
  let ticking = false;
  room.scroller.addEventListener("scroll", function () {
    if (ticking) { return; }
    ticking = true;
    requestAnimationFrame(function () {
      ticking = false;
      if (room.atLatest && room.nearBottom()) { showJump(false); }
      else if (room.scroller.scrollHeight - room.scroller.scrollTop - room.scroller.clientHeight > room.scroller.clientHeight * 1.5) {
        const jump = document.getElementById("chat-jump");
        if (jump && jump.hidden) { showJump(false); jump.hidden = false; }
      }
      markReadSoon();
    });
  }, { passive: true });
  const jump = document.getElementById("chat-jump");
  if (jump) {
    jump.addEventListener("click", function () {
      if (room.atLatest) { room.toBottom(); jump.hidden = true; markReadSoon(); }
      else { window.location.href = room.url; }
    });
  }
}

/* Scroll only the message list (scrollIntoView would move the page too). */
function center(scroller, node) {
  const offset = node.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  scroller.scrollTop += offset - (scroller.clientHeight - node.offsetHeight) / 2;
}

export function initialScroll() {
  const room = state.room;
  const match = /^#m-(\d+)$/.exec(window.location.hash);
  const target = room.node.dataset.highlight || (match && match[1]);
  if (target) {
    const li = document.getElementById("m-" + target) || document.getElementById("t-" + target);
    if (li) {
      li.classList.add("msg-highlight");
      const thread = document.getElementById("chat-thread-scroll");
      if (li.id.charAt(0) === "t" && thread) { center(thread, li); } else { center(room.scroller, li); }
      const inThread = document.getElementById("t-" + target);
      if (inThread && inThread !== li && thread) { center(thread, inThread); }
      return;
    }
    if (match) {
      // Not on this page: ask the server for the messages around it.
      window.location.replace(room.url + "?message=" + match[1]);
      return;
    }
  }
  const line = document.getElementById("chat-unread-line");
  room.toBottom();
  if (line) {
    // Start at the first unread message when they do not all fit on the screen.
    const above = line.getBoundingClientRect().top - room.scroller.getBoundingClientRect().top;
    if (above < 0) { room.scroller.scrollTop += above - 24; }
  }
}
