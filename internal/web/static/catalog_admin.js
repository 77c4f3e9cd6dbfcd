// oroshi catalog admin: small comforts for the product form. The form works
// without this file (it offers blank SKU rows); this adds rows on demand.
"use strict";
(function () {
  var button = document.querySelector("[data-add-sku-row]");
  var body = document.querySelector("[data-sku-rows]");
  if (!button || !body) {
    return;
  }
  button.hidden = false;
  var hint = document.querySelector("[data-sku-hint]");
  if (hint) {
    hint.hidden = true;
  }
  button.addEventListener("click", function () {
    var rows = body.querySelectorAll("tr");
    var last = rows[rows.length - 1];
    if (!last) {
      return;
    }
    // Inputs are named skus[i].field with i the row's place in the table.
    var i = rows.length;
    var row = last.cloneNode(true);
    row.classList.remove("invalid");
    row.querySelectorAll(".error, input[type=hidden], small").forEach(function (el) { el.remove(); });
    row.querySelectorAll("input").forEach(function (input) {
      input.name = input.name.replace(/^skus\[\d+\]/, "skus[" + i + "]");
      input.removeAttribute("aria-invalid");
      if (input.type === "checkbox") {
        input.checked = false;
        if (/\.delete$/.test(input.name)) {
          input.remove();
        }
      } else {
        input.value = "";
      }
    });
    body.appendChild(row);
    var first = row.querySelector("input[type=text]");
    if (first) {
      first.focus();
    }
  });
})();
