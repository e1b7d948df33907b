// Rapport console behaviour, as a static file: the Content-Security-Policy allows no inline
// script or event-handler attribute (docs/deploy.md, "Content-Security-Policy").
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option sends its form (a <noscript> button does
  // the same without JavaScript).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // <input data-select-on-focus>: a link to copy is selected whole when focused.
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el instanceof HTMLInputElement && el.hasAttribute("data-select-on-focus")) {
      el.select();
    }
  });
  // <form data-reset-on="event-name">: an htmx response that triggers the event empties it.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.resetOn) return;
    var trigger = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Trigger");
    if (trigger && trigger.indexOf(form.dataset.resetOn) !== -1) form.reset();
  });
  // A table wider or taller than its box (.table-wrap) scrolls inside it: while it does, the
  // box takes the keyboard's focus so it can be scrolled without a mouse (WCAG 2.1.1), and is
  // a region named by the table's caption or the heading before it. A box whose markup sets
  // its own tabindex (a chart's data table) is left as it is.
  function scrollLabel(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var el = box; el && el !== document.body; el = el.parentElement) {
      for (var sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (/^H[1-6]$/.test(sib.tagName)) return sib.textContent.trim();
      }
    }
    return "";
  }
  function markScrollBoxes() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      var ours = box.hasAttribute("data-scroll-focus");
      if (!ours && box.hasAttribute("tabindex")) return;
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !ours) {
        var label = scrollLabel(box);
        box.setAttribute("data-scroll-focus", "");
        box.setAttribute("tabindex", "0");
        if (label) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", label);
        }
      } else if (!scrolls && ours) {
        ["data-scroll-focus", "tabindex", "role", "aria-label"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  var pending = false;
  function markSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      markScrollBoxes();
    });
  }
  markSoon();
  window.addEventListener("resize", markSoon);
  document.addEventListener("htmx:afterSettle", markSoon);
  document.addEventListener("toggle", markSoon, true); // <details> opened or closed
})();
