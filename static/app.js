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

/* users: a row's block, unblock and unlock buttons */
// <button form="rows" formaction="…"> (templates/users/_row.html) posts the page's one "rows" form
// (its CSRF token, the way back) to its own address through htmx; the answer, the row again,
// replaces the button's row. Without JavaScript the browser posts the same form itself.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[form=rows][formaction]");
  if (!button || !window.htmx || button.disabled) {
    return;
  }
  event.preventDefault();
  var row = button.closest("tr");
  var rowId = row.id;
  window.htmx.ajax("POST", button.getAttribute("formaction"), {
    source: button, target: row, swap: "outerHTML"
  }).then(function () {
    // the clicked button left with the old row: the focus goes to the new row's toggle
    var swapped = document.getElementById(rowId);
    var toggle = swapped && swapped !== row && swapped.querySelector("button[formaction$='block']");
    if (toggle) {
      toggle.focus();
    }
  });
});

/* after an htmx swap */
// The swapped part's [data-announce] element says what changed in the page's one polite live
// region (#live-region): its own text and then its data-announce ("12 users found." "1–25 of 30.").
// When the swap took away the element that had the focus (a sort or page link, the page-size
// button), the focus goes to that element if it is a heading, so the next Tab goes on inside the
// results instead of starting again at the skip link; while the person types in a live search the
// focus stays where it is.
function sentences() {
  var said = [];
  Array.prototype.forEach.call(arguments, function (part) {
    part = (part || "").replace(/\s+/g, " ").trim();
    if (part) {
      said.push(/[.!?:]$/.test(part) ? part : part + ".");
    }
  });
  return said.join(" ");
}
document.addEventListener("htmx:after:settle", function (event) {
  var region = event.target;
  if (!region || !region.querySelector) {
    return;
  }
  var said = region.matches("[data-announce]") ? region : region.querySelector("[data-announce]");
  var live = document.getElementById("live-region");
  if (said && live) {
    // emptied first, so the same words said again are announced again
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = sentences(said.textContent, said.dataset.announce);
    }, 50);
  }
  var active = document.activeElement;
  if (said && said.matches("h1, h2, h3") && (!active || active === document.body || !active.isConnected)) {
    said.tabIndex = -1;
    said.focus();
  }
});
