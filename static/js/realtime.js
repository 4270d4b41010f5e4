/* The one socket per tab (docs/realtime.md). Later features listen with
   RSE.realtime.on("type", handler). It reconnects with exponential backoff and jitter. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  const handlers = {};
  let socket = null;
  let attempt = 0;
  let pingTimer = null;
  let lastActivity = Date.now();
  ["keydown", "pointerdown", "focus"].forEach(function (name) {
    window.addEventListener(name, function () { lastActivity = Date.now(); }, { passive: true });
  });

  function emit(frame) {
    (handlers[frame.type] || []).forEach(function (fn) { fn(frame); });
    (handlers["*"] || []).forEach(function (fn) { fn(frame); });
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/");
    socket.addEventListener("open", function () {
      attempt = 0;
      document.documentElement.dataset.realtime = "online";
      clearInterval(pingTimer);
      // The ping also tells whether this tab was used in the last 5 minutes (presence).
      pingTimer = setInterval(function () {
        send({ type: "ping", active: Date.now() - lastActivity < 300000 });
      }, 25000);
      emit({ type: "socket.open" }); // pseudo-frame: features resume what they missed
    });
    socket.addEventListener("message", function (event) {
      let frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      emit(frame);
    });
    socket.addEventListener("close", function (event) {
      document.documentElement.dataset.realtime = "offline";
      clearInterval(pingTimer);
      if (event.code === 4401 || event.code === 4001) { return; } // signed out or deactivated
      const delay = Math.min(30000, 500 * Math.pow(2, attempt)) * (0.5 + Math.random());
      attempt += 1;
      setTimeout(connect, delay);
    });
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  window.RSE = window.RSE || {};
  window.RSE.realtime = {
    on: function (type, fn) { (handlers[type] = handlers[type] || []).push(fn); },
    send: send,
  };
  connect();
})();
