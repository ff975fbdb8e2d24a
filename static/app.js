// Small behaviours the strict CSP allows only from a file: no inline script anywhere.
"use strict";

// <button data-print> prints the page (the confirmation and letter pages).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
