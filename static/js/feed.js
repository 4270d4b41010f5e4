/* Feed and forums in the browser: drafts that survive a reload, the live "new posts"
   banner, the image lightbox, @mention autocomplete, the editor's preview tab and
   confirmations. Everything works without it; this only makes it quicker. */
(function () {
  "use strict";

  /* Drafts: every form with data-draft keeps its text in localStorage until sent. */
  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text")) && el.name;
    });
  }
  function setupDraft(form) {
    const key = "rse.draft." + form.dataset.draft;
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
    const hasErrors = form.querySelector(".errorlist, .alert-error");
    draftFields(form).forEach(function (el) {
      if (!hasErrors && !el.value && saved[el.name]) { el.value = saved[el.name]; }
      el.addEventListener("input", function () {
        const data = {};
        draftFields(form).forEach(function (f) { if (f.value) { data[f.name] = f.value; } });
        try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or off */ }
      });
    });
    form.addEventListener("submit", function () { localStorage.removeItem(key); });
  }

  /* Live banner: counts posts (or comments) published since the page was shown. */
  function setupBanner(banner) {
    let count = 0;
    const scope = banner.dataset.scope;
    const type = scope === "thread" ? "feed.comment" : "feed.post";
    RSE.realtime.on(type, function (frame) {
      if (String(frame.author) === banner.dataset.me) { return; }
      if (scope === "group" && String(frame.group) !== banner.dataset.group) { return; }
      if (scope === "thread" && String(frame.post) !== banner.dataset.post) { return; }
      count += 1;
      banner.textContent = count === 1 ? banner.dataset.one : banner.dataset.many.replace("{count}", count);
      if (scope === "thread") { banner.href = location.pathname.replace(/\/$/, "") + "/unread/"; }
      banner.hidden = false;
    });
  }

  /* Lightbox: images open large in a dialog; Escape or a click closes it. */
  function setupLightbox() {
    const dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.innerHTML = '<img alt=""><a class="button" target="_blank" rel="noopener"></a>';
    document.body.appendChild(dialog);
    dialog.addEventListener("click", function (event) { if (event.target.tagName !== "A") { dialog.close(); } });
    document.addEventListener("click", function (event) {
      const link = event.target.closest("a[data-lightbox]");
      if (!link || event.ctrlKey || event.metaKey) { return; }
      event.preventDefault();
      dialog.querySelector("img").src = link.href;
      dialog.querySelector("img").alt = link.dataset.lightbox;
      const open = dialog.querySelector("a");
      open.href = link.href;
      open.textContent = link.dataset.lightbox;
      dialog.showModal();
    });
  }

  /* @mentions: suggest the people who can read the group (or, in chat, the room: its
     form names the address that lists them, data-mentions-url), as the name is typed. */
  function groupOf(textarea) {
    const form = textarea.form;
    const select = form.querySelector("[data-group-select], select[name=group]");
    const hidden = form.querySelector("input[name=group]");
    return (select && select.value) || (hidden && hidden.value) || form.dataset.group || "";
  }
  function peopleUrl(textarea, text) {
    const own = textarea.form.dataset.mentionsUrl;
    if (own) { return own + "?q=" + encodeURIComponent(text); }
    const group = groupOf(textarea);
    return group ? "/posts/people/?group=" + encodeURIComponent(group) + "&q=" + encodeURIComponent(text) : null;
  }
  function setupMentions(textarea) {
    if (textarea.dataset.mentionsReady) { return; }
    textarea.dataset.mentionsReady = "true";
    const list = textarea.parentNode.querySelector(".mention-list") || (function () {
      const ul = document.createElement("ul");
      ul.className = "mention-list"; ul.setAttribute("role", "listbox"); ul.hidden = true;
      textarea.insertAdjacentElement("afterend", ul);
      return ul;
    })();
    let timer = null, active = 0, items = [];
    function word() {
      const before = textarea.value.slice(0, textarea.selectionStart);
      const match = /(^|[\s(])@([\w.+-]{1,40})$/.exec(before);
      return match ? match[2] : null;
    }
    function close() { list.hidden = true; items = []; }
    function choose(person) {
      const end = textarea.selectionStart;
      const before = textarea.value.slice(0, end).replace(/@[\w.+-]*$/, "@" + person.handle + " ");
      textarea.value = before + textarea.value.slice(end);
      textarea.selectionStart = textarea.selectionEnd = before.length;
      textarea.dispatchEvent(new Event("input"));
      close();
      textarea.focus();
    }
    function show(people) {
      items = people; active = 0;
      list.innerHTML = "";
      people.forEach(function (person, index) {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", index === 0 ? "true" : "false");
        li.textContent = person.name + " ";
        const small = document.createElement("span");
        small.className = "muted"; small.textContent = "@" + person.handle;
        li.appendChild(small);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(person); });
        list.appendChild(li);
      });
      list.style.top = (textarea.offsetTop + 40) + "px";
      list.style.left = (textarea.offsetLeft + 12) + "px";
      list.hidden = people.length === 0;
    }
    textarea.addEventListener("input", function () {
      const text = word();
      const url = text === null ? null : peopleUrl(textarea, text);
      clearTimeout(timer);
      if (!url) { close(); return; }
      timer = setTimeout(function () {
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { people: [] }; })
          .then(function (data) { show(data.people); })
          .catch(close);
      }, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault(); choose(items[active]);
      } else if (event.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* Editor tabs: Write shows the textarea, Preview the server's rendering. */
  document.addEventListener("click", function (event) {
    const tab = event.target.closest("[data-editor-tab]");
    if (!tab) { return; }
    const editor = tab.closest(".editor");
    const preview = tab.dataset.editorTab === "preview";
    editor.querySelector("textarea").hidden = preview;
    editor.querySelector(".editor-preview").hidden = !preview;
    editor.querySelectorAll("[data-editor-tab]").forEach(function (t) { t.setAttribute("aria-selected", t === tab ? "true" : "false"); });
  });
  document.addEventListener("submit", function (event) {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); return; }
    // Signing out leaves nothing of one's drafts or unsent messages on a shared computer.
    if (event.target.matches("form[data-sign-out]")) {
      Object.keys(localStorage).filter(function (key) { return key.indexOf("rse.") === 0; })
        .forEach(function (key) { localStorage.removeItem(key); });
    }
  });

  /* Live notices: a new comment in a followed thread, a mention. */
  function setupNotices(strings) {
    const box = document.createElement("div");
    box.className = "live-notices";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    document.body.appendChild(box);
    function notice(template, frame) {
      const link = document.createElement("a");
      link.className = "toast live-notice";
      link.href = frame.comment ? "/comments/" + frame.comment + "/" : "/posts/" + frame.post + "/";
      link.textContent = template.replace("{name}", frame.by).replace("{title}", frame.title);
      box.appendChild(link);
      setTimeout(function () { link.remove(); }, 12000);
    }
    RSE.realtime.on("feed.followed_comment", function (frame) { notice(strings.dataset.followed, frame); });
    RSE.realtime.on("feed.mention", function (frame) { notice(strings.dataset.mention, frame); });
  }

  /* Announcements strip: htmx puts a new strip in place of the old one when one is
     dismissed; focus goes to what now stands where the pressed button was (the next
     announcement's button, in the strip or its open list), or to the page when none is
     left, rather than falling to the top of the document. Escape or a click elsewhere
     closes the list of the others. */
  let pinnedFocus = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.target;
    pinnedFocus = elt.closest && elt.closest("#pinned") ? (elt.closest(".pinned-item") ? "list" : "strip") : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pinnedFocus) { return; }
    const strip = document.getElementById("pinned");
    const inList = pinnedFocus === "list" && strip && strip.querySelector(".pinned-item button");
    const target = inList || (strip && strip.querySelector(".pinned-actions > form button")) || document.getElementById("main");
    pinnedFocus = null;
    if (target) { target.focus(); }
  });
  document.addEventListener("keydown", function (event) {
    const open = event.key === "Escape" && document.querySelector(".pinned-more[open]");
    if (!open) { return; }
    open.open = false;
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    const open = document.querySelector(".pinned-more[open]");
    if (open && !open.contains(event.target)) { open.open = false; }
  });

  // Composers that appear later (chat's thread panel) set up their own.
  window.RSE = window.RSE || {};
  window.RSE.mentions = setupMentions;

  document.addEventListener("DOMContentLoaded", function () {
    const strings = document.getElementById("feed-strings");
    if (strings) { setupNotices(strings); }
    document.querySelectorAll("form[data-draft]").forEach(setupDraft);
    document.querySelectorAll("[data-live-banner]").forEach(setupBanner);
    document.querySelectorAll("textarea[data-mentions]").forEach(setupMentions);
    setupLightbox();
  });
})();
