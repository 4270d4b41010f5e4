/* The open room: its settings from the page (#chat-room's data-*), the message numbers
   seen so far, and the gap check that asks the database for what the socket missed.
   threadPanel() tells which thread, if any, is open beside it. */

import { send } from "./dom.js";

const NEAR_BOTTOM = 80; // px

export function Room(node) {
  this.node = node;
  this.id = Number(node.dataset.room);
  this.url = node.dataset.url;
  this.list = document.getElementById("chat-messages");
  this.scroller = document.getElementById("chat-scroll");
  this.canWrite = node.dataset.canWrite === "true";
  this.canModerate = node.dataset.canModerate === "true";
  // A public channel read by a non-member: the socket serves them nothing of it (no
  // history, no read marker), so the page reads it over HTTP alone.
  this.preview = node.dataset.preview === "true";
  this.hasOlder = node.dataset.hasOlder === "true";
  this.atLatest = node.dataset.hasNewer !== "true";
  // Numbers seen: ``lastSeq`` is the last one with nothing missing before it; ``above``
  // holds those seen past a hole, until the hole is filled.
  this.lastSeq = Number(node.dataset.lastSeq);
  this.baseSeq = this.lastSeq; // counts rendered by the server include everything to here
  this.above = new Set();
  this.readSent = Number(node.dataset.lastRead);
  this.fetchingGap = false;
  this.loading = false;
  this.typers = new Map();
  this.typingSent = 0;
  this.unreadLineArmed = false;
}
Room.prototype.threadUrl = function (id) { return this.node.dataset.threadUrl.replace(/\/0\/$/, "/" + id + "/"); };
Room.prototype.messageUrl = function (seq) { return this.node.dataset.messageUrl.replace(/\/0\/$/, "/" + seq + "/"); };
Room.prototype.knownMax = function () {
  let max = this.lastSeq;
  this.above.forEach(function (s) { if (s > max) { max = s; } });
  return max;
};
Room.prototype.noteSeq = function (seq) {
  if (seq <= this.lastSeq) { return; }
  this.above.add(seq);
  while (this.above.has(this.lastSeq + 1)) {
    this.lastSeq += 1;
    this.above.delete(this.lastSeq);
  }
  if (this.above.size) { this.fillGap(); }
};
/* Ask the database for what follows the last number seen (after a reconnect, or when
   a number jumped: the channel layer may drop frames, the database does not). */
Room.prototype.fillGap = function () {
  if (this.fetchingGap || this.preview) { return; }
  const self = this;
  if (!send({ type: "chat.history", room: this.id, after: this.lastSeq, ref: "gap:" + this.id })) { return; }
  this.fetchingGap = true;
  clearTimeout(this.gapTimer);
  this.gapTimer = setTimeout(function () { self.fetchingGap = false; }, 10000);
};
Room.prototype.nearBottom = function () {
  const s = this.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM;
};
Room.prototype.toBottom = function () { this.scroller.scrollTop = this.scroller.scrollHeight; };
Room.prototype.viewing = function () {
  return document.visibilityState === "visible" && this.atLatest && this.nearBottom();
};

/* The open thread panel's root ([data-thread], its id in data-thread), or null. */
export function threadPanel() {
  const aside = document.getElementById("chat-thread");
  return aside && !aside.hidden ? aside.querySelector("[data-thread]") : null;
}

/* Near the bottom of the thread panel's scroller, as nearBottom() is for the room. */
export function threadNearBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM;
}
