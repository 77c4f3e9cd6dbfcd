// oroshi: small comforts only; every page works without this file.
"use strict";
document.addEventListener("submit", function (e) {
  // Ask before destructive actions marked with data-confirm.
  var b = e.submitter;
  if (b && b.dataset.confirm && !window.confirm(b.dataset.confirm + "?")) {
    e.preventDefault();
    return;
  }
  // Disable the button after the first submit so a double click sends once.
  if (b && !b.dataset.confirm) {
    window.setTimeout(function () { b.disabled = true; }, 0);
  }
});
