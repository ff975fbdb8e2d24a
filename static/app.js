// Small behaviours the strict CSP allows only from a file: no inline script anywhere.
"use strict";

// <button data-print hidden> prints the page (the confirmation, the letter, a dossier): without
// JavaScript it would do nothing, so it stays hidden until this script shows it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
    button.hidden = false;
  });
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

/* users */
// <form data-submit-once>: a second click while the first submission travels sends nothing
// (on a slow link a double click would register the user twice, or lose the one-time password).
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-submit-once]");
  if (!form) {
    return;
  }
  if (form.dataset.submitted) {
    event.preventDefault();
  } else {
    form.dataset.submitted = "true";
  }
});
// coming Back to the page (bfcache), the form may be sent again
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submitted]").forEach(function (form) {
    delete form.dataset.submitted;
  });
});

/* structured messages */
// <form data-busy="…">: while htmx sends it, its [data-busy-status] live region says so (the
// indicator itself is only seen); the words are emptied again when the answer is in.
document.addEventListener("htmx:before:request", function (event) {
  var form = event.target.closest && event.target.closest("form[data-busy]");
  var status = form && form.querySelector("[data-busy-status]");
  if (status) {
    status.textContent = form.dataset.busy;
  }
});
document.addEventListener("htmx:finally:request", function (event) {
  var form = event.target.closest && event.target.closest("form[data-busy]");
  var status = form && form.querySelector("[data-busy-status]");
  if (status) {
    status.textContent = "";
  }
});

/* small screens */
// a table wider than its box scrolls inside it (app.css): that box takes the keyboard focus so the
// arrow keys scroll it too; a table that fits is no tab stop.
function markScrollingTables() {
  document.querySelectorAll("main table").forEach(function (table) {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.tabIndex = 0;
    } else {
      table.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
document.addEventListener("htmx:after:settle", markScrollingTables);
