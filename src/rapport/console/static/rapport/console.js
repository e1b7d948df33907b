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
})();
