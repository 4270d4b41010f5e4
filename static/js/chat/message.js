/* Building a message's DOM from a frame, as templates/chat/message.html draws it: its
   header, body (HTML sanitized by the server), files, actions, reply count and the
   deleted state; and the pending element shown while a message is on its way. */

import { el, fetchHtml, fmt, hidden, icon, parse } from "./dom.js";
import { dayOf, fileSize, timeOf } from "./formats.js";
import { state } from "./state.js";

const avatars = {}; // author id -> true once a server-rendered picture was asked for
export function avatarFor(author) {
  const known = document.querySelector('[data-avatar-of="' + author.id + '"] > *');
  if (known) { return known.cloneNode(true); }
  const initials = el("span", "avatar avatar-initials");
  initials.setAttribute("aria-hidden", "true");
  let hue = 0;
  String(author.id).split("").forEach(function (c) { hue = (hue * 31 + c.charCodeAt(0)) % 360; });
  initials.style.setProperty("--size", "36px");
  initials.style.setProperty("--hue", String(hue));
  initials.textContent = (author.name || "?").split(/[\s-]+/).filter(Boolean).slice(0, 2).map(function (w) { return w[0]; }).join("").toUpperCase();
  return initials;
}
function refreshAvatar(li) {
  // A first message from someone this page has not shown yet: the server's rendering
  // of it brings their picture (one request per person, not per message).
  const author = li.dataset.author;
  const room = state.room;
  if (avatars[author] || !room || !li.dataset.seq) { return; }
  avatars[author] = true;
  fetchHtml(room.messageUrl(li.dataset.seq)).then(function (html) {
    const fresh = parse(html).querySelector(".msg-avatar");
    if (!fresh) { return; }
    document.querySelectorAll('.msg[data-author="' + author + '"] .msg-avatar').forEach(function (a) {
      a.replaceWith(fresh.cloneNode(true));
    });
  }).catch(function () { avatars[author] = false; });
}

function actionButton(action, iconName, label, danger) {
  const button = el("button", "msg-action" + (danger ? " msg-action-danger" : ""));
  button.tabIndex = -1; // reachable from its message (see keyboard.js)
  button.type = "button";
  button.dataset.action = action;
  button.title = label;
  button.append(icon(iconName), hidden(label));
  return button;
}

export function buildMessage(m, inThread) {
  const S = state.S;
  const room = state.room;
  const li = el("li", "msg");
  li.tabIndex = -1; // a tap on a phone shows the message's actions (focus-within)
  li.id = (inThread ? "t-" : "m-") + m.seq;
  li.dataset.id = m.id;
  li.dataset.seq = m.seq;
  li.dataset.author = m.author.id;
  li.dataset.ts = m.created_at;
  li.dataset.day = dayOf(m.created_at);
  const mine = m.author.id === state.me;
  if (mine) {
    li.classList.add("msg-mine");
    li.dataset.clientId = m.client_id;
  }
  const gutter = el("div", "msg-gutter");
  const avatarLink = el("a", "msg-avatar");
  avatarLink.href = state.app.dataset.profileUrl.replace("/0/", "/" + m.author.id + "/");
  avatarLink.tabIndex = -1;
  avatarLink.setAttribute("aria-hidden", "true");
  avatarLink.dataset.avatarOf = m.author.id;
  avatarLink.appendChild(avatarFor(m.author));
  const side = el("time", "msg-side-time", timeOf(m.created_at));
  side.setAttribute("datetime", m.created_at);
  side.setAttribute("aria-hidden", "true");
  gutter.append(avatarLink, side);

  const main = el("div", "msg-main");
  const head = el("div", "msg-head");
  const author = el("a", "msg-author", m.author.name);
  author.href = avatarLink.href;
  author.tabIndex = -1;
  const timeLink = el("a", "msg-time");
  timeLink.href = room.url + "?message=" + m.seq;
  timeLink.tabIndex = -1;
  const time = el("time", "", timeOf(m.created_at));
  time.setAttribute("datetime", m.created_at);
  timeLink.appendChild(time);
  head.append(author, document.createTextNode(" "), timeLink);
  main.append(head, el("div", "msg-body prose"), el("div", "reactions msg-reactions"));
  if (!inThread) {
    const replies = el("a", "msg-replies");
    replies.href = room.threadUrl(m.id);
    replies.dataset.threadOpen = m.id;
    replies.dataset.count = "0";
    replies.dataset.base = String(room.baseSeq);
    replies.hidden = true;
    replies.append(icon("thread"), el("span", "msg-replies-text"));
    main.appendChild(replies);
  }
  li.append(gutter, main);

  const actions = el("div", "msg-actions");
  actions.setAttribute("role", "group");
  actions.setAttribute("aria-label", S.actionsLabel);
  if (room.canWrite) { actions.appendChild(actionButton("react", "smile", S.reactLabel)); }
  if (!inThread) {
    const reply = el("a", "msg-action");
    reply.tabIndex = -1;
    reply.href = room.threadUrl(m.id);
    reply.dataset.threadOpen = m.id;
    reply.title = S.replyLabel;
    reply.append(icon("thread"), hidden(S.replyLabel));
    actions.appendChild(reply);
  }
  actions.appendChild(actionButton("link", "link", S.linkLabel));
  if (mine) { actions.appendChild(actionButton("edit", "edit", S.edit)); }
  if (mine || room.canModerate) {
    li.dataset.canDelete = "";
    actions.appendChild(actionButton("delete", "trash", S.delete, true));
  }
  li.insertBefore(actions, li.firstChild); // first in Tab order, drawn on the top right
  applyData(li, m);
  if (!document.querySelector('[data-avatar-of="' + m.author.id + '"] > img')) { refreshAvatar(li); }
  return li;
}

/* A message's images (thumbnails that open large in feed.js's lightbox) and files
   (download links), as templates/feed/_attachments.html draws them. */
function filesElement(files) {
  const box = el("div", "msg-files");
  const images = files.filter(function (f) { return f.type === "image"; });
  const others = files.filter(function (f) { return f.type !== "image"; });
  if (images.length) {
    const gallery = el("div", "gallery gallery-" + String(images.length).charAt(0));
    images.forEach(function (f) {
      const link = el("a");
      link.href = f.url;
      link.dataset.lightbox = f.name;
      const img = el("img");
      img.src = f.thumbnail;
      img.alt = f.name;
      img.loading = "lazy";
      if (f.width && f.height) { img.width = f.width; img.height = f.height; }
      link.appendChild(img);
      gallery.appendChild(link);
    });
    box.appendChild(gallery);
  }
  if (others.length) {
    const list = el("ul", "files");
    others.forEach(function (f) {
      const item = el("li");
      const link = el("a");
      link.href = f.url;
      link.append(icon("file"), el("span", "", f.name));
      item.append(link, document.createTextNode(" "), el("span", "muted", fileSize(f.size)));
      list.appendChild(item);
    });
    box.appendChild(list);
  }
  return box;
}

/* Body, edited mark, deletion, files and forum link from a frame's message. */
export function applyData(li, m) {
  const S = state.S;
  const body = li.querySelector(".msg-body");
  const main = li.querySelector(".msg-main");
  if (m.deleted) {
    li.classList.add("msg-deleted");
    body.replaceChildren(el("p", "msg-gone", S.deleted));
    delete body.dataset.edited;
    ["msg-actions", "msg-editor", "msg-files"].forEach(function (name) {
      const node = li.querySelector("." + name);
      if (node) { node.remove(); }
    });
    li.querySelector(".msg-reactions").replaceChildren();
    delete li.dataset.body;
    return;
  }
  body.innerHTML = m.html; // sanitized by the server (nh3) when the message was written
  if (m.edited) { body.dataset.edited = S.edited; } // shown after the text (CSS)
  // Files never change once sent: drawn once.
  if (m.attachments && m.attachments.length && !li.querySelector(".msg-files")) {
    body.insertAdjacentElement("afterend", filesElement(m.attachments));
  }
  if (m.question && !li.querySelector(".msg-question")) {
    const link = el("a", "msg-question");
    link.href = "/posts/" + m.question + "/";
    link.append(icon("forum"), document.createTextNode(S.question));
    main.querySelector(".msg-reactions").insertAdjacentElement("beforebegin", link);
  }
  if (m.reply_count !== undefined) { setReplyCount(li, m.reply_count); }
}

export function setReplyCount(li, count) {
  const S = state.S;
  const link = li.querySelector(".msg-replies");
  if (!link || count < Number(link.dataset.count || 0)) { return; }
  link.dataset.count = String(count);
  link.hidden = count === 0;
  const text = link.querySelector(".msg-replies-text");
  if (text) { text.textContent = count === 1 ? S.replyOne : fmt(S.replyMany, { count: count }); }
}

/* What a message being sent shows until the server has stored it (outbox.js). */
export function pendingElement(frame) {
  const me = state.me;
  const meName = state.meName;
  const li = el("li", "msg msg-mine msg-pending msg-sending");
  li.dataset.clientId = frame.client_id;
  li.dataset.author = me;
  li.dataset.body = frame.body;
  const now = new Date().toISOString();
  li.dataset.ts = now;
  li.dataset.day = dayOf(now);
  const gutter = el("div", "msg-gutter");
  const avatarLink = el("span", "msg-avatar");
  avatarLink.appendChild(avatarFor({ id: me, name: meName }));
  gutter.append(avatarLink, el("span", "msg-side-time", timeOf(now)));
  const main = el("div", "msg-main");
  const head = el("div", "msg-head");
  head.append(el("span", "msg-author", meName), document.createTextNode(" "), el("span", "msg-time", timeOf(now)));
  const body = el("div", "msg-body prose msg-plain");
  if (frame.body) { body.appendChild(el("p", "", frame.body)); }
  main.append(head, body);
  if (frame.files && frame.files.length) { main.appendChild(filesElement(frame.files)); }
  li.append(gutter, main);
  return li;
}
