// Wellbeing: the check-in card on Today and the check-in forms. Progressive enhancement only.
(function () {
  "use strict";

  // A refused check-in (422) carries the form with its messages: show it instead of dropping it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422 && event.detail.target && event.detail.target.id === "card-checkin") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After the card is replaced, keep keyboard and screen-reader users where they were.
  document.addEventListener("htmx:afterSwap", function (event) {
    var card = document.getElementById("card-checkin");
    if (!card || event.detail.target.id !== "card-checkin") {
      return;
    }
    var focusTarget = card.querySelector(".field-invalid input, .message-success, .goal-tick:focus") ||
      card.querySelector("#checkin-heading");
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (trigger && trigger.classList && trigger.classList.contains("goal-tick-form")) {
      var match = card.querySelector('form[action="' + trigger.getAttribute("action") + '"] .goal-tick');
      if (match) {
        focusTarget = match;
      }
    }
    if (focusTarget.classList.contains("message-success")) {
      focusTarget = card.querySelector("#checkin-heading");
    }
    focusTarget.focus();
  });

  // One key per answer: with focus on a scale, the digits 1 to 5 choose that step.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("scale-input") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (!/^[1-5]$/.test(event.key)) {
      return;
    }
    var group = input.closest("[data-scale]");
    var choice = group && group.querySelector('input[value="' + event.key + '"]');
    if (choice) {
      event.preventDefault();
      choice.checked = true;
      choice.focus();
      choice.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // The "times a week" box matters only for weekly goals.
  function syncCadence(form) {
    var weekly = form.querySelector('input[name="cadence"][value="weekly"]');
    var times = form.querySelector(".times-field");
    if (weekly && times) {
      times.hidden = !weekly.checked;
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "cadence") {
      syncCadence(event.target.form);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".goal-form").forEach(syncCadence);
  });
})();
