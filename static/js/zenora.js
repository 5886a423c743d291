// Zenora's small page helpers. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";

  // htmx requests carry the CSRF token Django expects.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.body.dataset.csrfToken;
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // A new form's time-zone list starts at the browser's own zone.
  function preselectBrowserTimezone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    document.querySelectorAll("select[data-browser-timezone]").forEach(function (select) {
      var option = zone && select.querySelector('option[value="' + CSS.escape(zone) + '"]');
      if (option) {
        select.value = zone;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", preselectBrowserTimezone);
})();
