/* The one socket per tab (docs/realtime.md). Later features listen with
   RSE.realtime.on("type", handler). It reconnects with exponential backoff and jitter. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  const handlers = {};
  let socket = null;
  let attempt = 0;
  let pingTimer = null;

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
      pingTimer = setInterval(function () { send({ type: "ping" }); }, 25000);
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
