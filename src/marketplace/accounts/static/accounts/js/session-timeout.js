// Session inactivity warning (no inline script: the CSP forbids it).
// Reads the expiry time the server printed in #session-expiry, shows #session-warning a few
// minutes before, and moves focus to the "Stay signed in" button (WCAG 2.2.1 Timing Adjustable).
(function () {
  "use strict";
  var expiry = document.getElementById("session-expiry");
  var warning = document.getElementById("session-warning");
  var text = document.getElementById("session-warning-text");
  var form = document.getElementById("session-extend-form");
  if (!expiry || !warning || !text) { return; }
  var expiresAt = Date.parse(expiry.getAttribute("data-expires-at"));
  var warnMs = parseInt(expiry.getAttribute("data-warn-seconds"), 10) * 1000;
  if (isNaN(expiresAt)) { return; }
  var shown = false;
  function tick() {
    var left = expiresAt - Date.now();
    if (left <= 0) {
      text.textContent = text.getAttribute("data-expired");
      warning.hidden = false;
      return;
    }
    if (left <= warnMs) {
      var minutes = Math.max(1, Math.ceil(left / 60000));
      text.textContent = text.getAttribute("data-template").replace("__MINUTES__", minutes);
      if (!shown) {
        warning.hidden = false;
        shown = true;
        var button = form && form.querySelector("button");
        if (button) { button.focus(); }
      }
    }
    window.setTimeout(tick, 15000);
  }
  tick();
})();
