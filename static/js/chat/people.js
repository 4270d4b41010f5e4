/* People pickers (new direct message, new conversation, add people): search as the
   name is typed, arrows through the results, chosen people kept as chips. */

import { el, hidden } from "./dom.js";
import { avatarFor } from "./message.js";
import { state } from "./state.js";

export function setupPeopleSearch() {
  const S = state.S;
  const form = document.querySelector("[data-people-search]");
  if (!form) { return; }
  const mode = form.dataset.peopleSearch;
  const input = form.querySelector("input[type=search]");
  const results = document.getElementById("chat-people-results");
  const chosen = document.getElementById("chat-chosen");
  let timer = null;
  function chosenIds() {
    return chosen ? Array.prototype.map.call(chosen.querySelectorAll("input[name=people]"), function (i) { return Number(i.value); }) : [];
  }
  function updateChosen() {
    if (!chosen) { return; }
    const count = chosenIds().length;
    const counter = document.querySelector("[data-chosen-count]");
    if (counter) { counter.textContent = "(" + count + "/" + chosen.dataset.limit + ")"; }
    const empty = document.querySelector("[data-chosen-empty]");
    if (empty) { empty.hidden = count > 0; }
    form.querySelectorAll("input[name=people]").forEach(function (i) { i.remove(); });
  }
  function addChip(id, name) {
    if (chosenIds().indexOf(id) !== -1 || chosenIds().length >= Number(chosen.dataset.limit)) { return; }
    const chip = el("li", "chip chat-chip");
    const hiddenInput = el("input");
    hiddenInput.type = "hidden"; hiddenInput.name = "people"; hiddenInput.value = String(id);
    const remove = el("button", "linklike");
    remove.type = "button";
    remove.dataset.removePerson = String(id);
    remove.title = S.remove;
    const cross = el("span", "", "×");
    cross.setAttribute("aria-hidden", "true");
    remove.append(cross, hidden(S.remove + " " + name));
    chip.append(hiddenInput, document.createTextNode(name + " "), remove);
    chosen.appendChild(chip);
    updateChosen();
  }
  function row(person) {
    const li = el("li");
    const avatar = avatarFor({ id: person.id, name: person.name });
    avatar.style.setProperty("--size", "32px");
    const text = el("span", "chat-person-text");
    text.append(el("strong", "", person.name), el("span", "muted", person.title || ""));
    let button;
    if (mode === "direct") {
      button = el("button", "chat-person-row");
      button.type = "submit";
      button.setAttribute("form", "chat-direct-form");
      button.name = "person";
      button.value = String(person.id);
    } else {
      button = el("button", "chat-person-row");
      button.type = "button";
      button.dataset.addPerson = String(person.id);
      button.dataset.name = person.name;
    }
    button.append(avatar, text, el("span", "chat-person-go", mode === "direct" ? form.dataset.goLabel : form.dataset.addLabel));
    li.appendChild(button);
    return li;
  }
  function search() {
    const text = input.value.trim();
    if (!text) { results.replaceChildren(); return; }
    fetch(form.dataset.url + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { people: [] }; })
      .then(function (data) {
        if (input.value.trim() !== text) { return; }
        const taken = chosenIds();
        const people = data.people.filter(function (p) { return taken.indexOf(p.id) === -1; });
        results.replaceChildren.apply(results, people.map(row));
        if (!people.length) { results.appendChild(el("li", "muted chat-people-none", S.noResults)); }
      })
      .catch(function () { /* keep what is shown */ });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      const first = results.querySelector("button, a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  results.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    const rows = Array.prototype.slice.call(results.querySelectorAll("button, a"));
    const index = rows.indexOf(document.activeElement);
    event.preventDefault();
    if (event.key === "ArrowUp" && index <= 0) { input.focus(); return; }
    const next = rows[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) { next.focus(); }
  });
  if (mode !== "direct" && chosen) {
    results.addEventListener("click", function (event) {
      const add = event.target.closest("[data-add-person]");
      if (!add) { return; }
      event.preventDefault();
      addChip(Number(add.dataset.addPerson), add.dataset.name);
      add.closest("li").remove();
      input.value = "";
      input.focus();
    });
    chosen.addEventListener("click", function (event) {
      const remove = event.target.closest("[data-remove-person]");
      if (!remove) { return; }
      event.preventDefault();
      remove.closest("li").remove();
      updateChosen();
      input.focus();
    });
    updateChosen();
  }
}
