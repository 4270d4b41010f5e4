/* Keyboard use of a list of messages: the list is one stop of the Tab key (the last
   message, or the one last focused). Up and Down move between messages; Tab then
   reaches the focused message's actions; Escape comes back to the message. Hidden
   actions are not Tab stops. */

const ROVING = ".msg-action, .msg-head a";

export function setupKeyboard(list) {
  if (!list) { return; }
  function items() { return Array.prototype.slice.call(list.querySelectorAll(".msg")); }
  function rove(li) {
    list.querySelectorAll('.msg[tabindex="0"]').forEach(function (other) { other.tabIndex = -1; });
    if (li) { li.tabIndex = 0; }
  }
  list.querySelectorAll(ROVING).forEach(function (node) { node.tabIndex = -1; });
  const all = items();
  rove(all[all.length - 1]);
  list.addEventListener("focusin", function (event) {
    const li = event.target.closest(".msg");
    if (!li) { return; }
    rove(li);
    list.querySelectorAll(ROVING).forEach(function (node) {
      // A continued message's header is only there for screen readers: no Tab stop.
      const hiddenHead = li.classList.contains("msg-cont") && node.closest(".msg-head");
      node.tabIndex = li.contains(node) && !hiddenHead ? 0 : -1;
    });
  });
  list.addEventListener("focusout", function (event) {
    const li = event.target.closest(".msg");
    if (li && !li.contains(event.relatedTarget)) {
      li.querySelectorAll(ROVING).forEach(function (node) { node.tabIndex = -1; });
    }
  });
  list.addEventListener("keydown", function (event) {
    const li = event.target.closest(".msg");
    if (!li || event.defaultPrevented) { return; }
    if (event.target !== li) {
      if (event.key === "Escape" && event.target.closest(".msg-actions")) { li.focus(); }
      return;
    }
    const list_ = items();
    const index = list_.indexOf(li);
    let next = null;
    if (event.key === "ArrowUp") { next = list_[index - 1]; }
    else if (event.key === "ArrowDown") { next = list_[index + 1]; }
    else if (event.key === "Home") { next = list_[0]; }
    else if (event.key === "End") { next = list_[list_.length - 1]; }
    else { return; }
    event.preventDefault();
    if (next) { next.focus(); }
  });
}
