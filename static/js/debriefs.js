// Structured debriefs in a live room. The panel works without this script (plain forms that
// post and come back to the room); this makes it live: frames from the room's socket (passed
// on by chat.js as "zenora:room-frame" events) move the phase, its question and its timer, show
// the grounding break to everyone and pause the composer while it lasts.
(function () {
  "use strict";

  var root = document.querySelector("[data-chat-room]");
  if (!root || !root.querySelector("[data-debrief-panel]")) {
    return;
  }

  var BREATH_IN_MS = 4000;
  var BREATH_OUT_MS = 6000;
  var breakEndsAt = 0; // by this browser's clock
  var breathTimer = null;

  function panel() {
    return root.querySelector("[data-debrief-panel]");
  }

  function find(selector) {
    var p = panel();
    return p ? p.querySelector(selector) : null;
  }

  function announce(text) {
    var region = find("[data-debrief-announce]");
    if (region) {
      region.textContent = text;
    }
  }

  function showError(text) {
    var box = find("[data-debrief-error]");
    if (box) {
      box.textContent = text || "";
      box.hidden = !text;
    } else if (text) {
      announce(text);
    }
  }

  // --- the composer pauses during a grounding break ------------------------------------

  function setComposerPaused(paused) {
    var form = root.querySelector("[data-chat-form]");
    if (!form) {
      return;
    }
    var textarea = form.querySelector("textarea");
    var button = form.querySelector("button[type=submit]");
    if (textarea) {
      textarea.disabled = paused;
      if (paused) {
        textarea.dataset.paused = "true";
      } else {
        delete textarea.dataset.paused;
      }
    }
    if (button) {
      button.disabled = paused;
    }
    if (paused) {
      form.dataset.paused = "true";
    } else {
      delete form.dataset.paused;
    }
  }

  // --- timers --------------------------------------------------------------------------

  function clock(ms) {
    var seconds = Math.max(0, Math.round(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tickPhase() {
    var p = panel();
    var timer = find("[data-debrief-timer]");
    if (!p || !timer || p.dataset.state !== "live") {
      return;
    }
    var started = Date.parse(p.dataset.phaseStartedAt || "");
    var minutes = Number(p.dataset.phaseMinutes || 0);
    if (isNaN(started) || !minutes) {
      return;
    }
    var left = started + minutes * 60000 - Date.now();
    timer.textContent = left > 0
      ? clock(left) + " left of about " + minutes + " min"
      : "Suggested time is up — the facilitator moves on when the group is ready.";
  }

  function breathe(inhale) {
    var text = find("[data-debrief-breath]");
    if (!text || !breakEndsAt) {
      return;
    }
    text.textContent = inhale ? "Breathe in slowly…" : "…and out, a little longer.";
    breathTimer = setTimeout(function () { breathe(!inhale); }, inhale ? BREATH_IN_MS : BREATH_OUT_MS);
  }

  function showBreak(seconds) {
    var region = find("[data-debrief-break]");
    breakEndsAt = Date.now() + seconds * 1000;
    if (region) {
      region.hidden = false;
    }
    toggleFacilitatorBreak(true);
    setComposerPaused(true);
    clearTimeout(breathTimer);
    breathe(true);
    tickBreak();
  }

  function hideBreak() {
    var region = find("[data-debrief-break]");
    var wasOn = breakEndsAt !== 0;
    breakEndsAt = 0;
    clearTimeout(breathTimer);
    if (region) {
      region.hidden = true;
    }
    toggleFacilitatorBreak(false);
    setComposerPaused(false);
    if (wasOn) {
      announce("The break is over. Messages are open again.");
    }
  }

  function toggleFacilitatorBreak(on) {
    var start = find("[data-debrief-break-start]");
    var stop = find("[data-debrief-break-stop]");
    if (start) {
      start.hidden = on;
    }
    if (stop) {
      stop.hidden = !on;
    }
  }

  function tickBreak() {
    if (!breakEndsAt) {
      return;
    }
    var left = breakEndsAt - Date.now();
    if (left <= 0) {
      hideBreak();
      return;
    }
    var label = find("[data-debrief-break-left]");
    if (label) {
      label.textContent = clock(left) + " left";
    }
  }

  setInterval(function () {
    tickPhase();
    tickBreak();
  }, 1000);

  // --- frames --------------------------------------------------------------------------

  function sameSession(frame) {
    var p = panel();
    return p && p.dataset.state === "live" && String(frame.session) === p.dataset.session;
  }

  function applyPhase(frame) {
    var p = panel();
    var changed = String(frame.index) !== p.dataset.phaseIndex;
    p.dataset.phaseIndex = String(frame.index);
    p.dataset.phaseCount = String(frame.count);
    p.dataset.phaseStartedAt = frame.started_at || "";
    p.dataset.phaseMinutes = String(frame.minutes);
    var set = function (selector, text) {
      var el = find(selector);
      if (el) {
        el.textContent = text;
      }
    };
    set("[data-debrief-index]", String(frame.index + 1));
    set("[data-debrief-count]", String(frame.count));
    set("[data-debrief-phase-name]", frame.name);
    set("[data-debrief-question]", frame.question);
    var steps = p.querySelectorAll("[data-debrief-steps] li");
    steps.forEach(function (step, index) {
      if (index === frame.index) {
        step.setAttribute("aria-current", "step");
      } else {
        step.removeAttribute("aria-current");
      }
    });
    var back = find("[data-debrief-back]");
    var next = find("[data-debrief-next]");
    if (back) {
      back.disabled = frame.index === 0;
    }
    if (next) {
      next.disabled = frame.index + 1 >= frame.count;
    }
    if (changed) {
      // A new round: anyone may pass it again, and the facilitator's list starts empty.
      var passForm = find("[data-debrief-pass-form]");
      var passed = find("[data-debrief-passed]");
      if (passForm) {
        passForm.hidden = false;
      }
      if (passed) {
        passed.hidden = true;
      }
      set("[data-debrief-passes]", "nobody");
      announce("Now phase " + (frame.index + 1) + " of " + frame.count + ": " + frame.name + ". " + frame.question);
    }
    tickPhase();
  }

  function applyPassed(frame) {
    var p = panel();
    var list = find("[data-debrief-passes]");
    if (!list || String(frame.phase) !== p.dataset.phaseIndex) {
      return;
    }
    var names = list.textContent === "nobody" ? [] : list.textContent.split(", ");
    if (names.indexOf(frame.name) === -1) {
      names.push(frame.name);
    }
    list.textContent = names.join(", ");
  }

  function apply(frame) {
    if (!frame || typeof frame.type !== "string" || frame.type.indexOf("debrief.") !== 0) {
      return;
    }
    if (frame.type === "debrief.started" || frame.type === "debrief.ended") {
      refresh();
      return;
    }
    if (!sameSession(frame)) {
      if (frame.type === "debrief.phase") {
        refresh(); // a session we haven't drawn yet
      }
      return;
    }
    if (frame.type === "debrief.phase") {
      applyPhase(frame);
    } else if (frame.type === "debrief.break") {
      if (frame.until && frame.seconds > 0) {
        showBreak(frame.seconds);
        announce("Grounding break: one minute to breathe. Messages are paused.");
      } else {
        hideBreak();
      }
    } else if (frame.type === "debrief.attendance") {
      var count = find("[data-debrief-attendance]");
      if (count) {
        count.textContent = frame.count + " joined";
      }
    } else if (frame.type === "debrief.passed") {
      applyPassed(frame);
    }
  }

  root.addEventListener("zenora:room-frame", function (event) {
    apply(event.detail);
  });

  // --- drawing the panel again after the session starts, ends, or we were offline ------

  var refreshing = null;

  function refresh() {
    var p = panel();
    if (!p || refreshing) {
      return;
    }
    var focused = document.activeElement;
    var focusKey = focused && p.contains(focused) ? focused.dataset.debriefFocus || "heading" : null;
    refreshing = fetch(p.dataset.panelUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        refreshing = null;
        if (html === null) {
          return;
        }
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var fresh = template.content.querySelector("[data-debrief-panel]");
        var current = panel();
        if (!fresh || !current) {
          return;
        }
        current.replaceWith(fresh);
        setUp();
        if (focusKey) {
          var target = fresh.querySelector('[data-debrief-focus="' + focusKey + '"]') || fresh.querySelector("#debrief-heading");
          if (target && !target.closest("[hidden]")) {
            target.focus();
          }
        }
      })
      .catch(function () {
        refreshing = null;
      });
  }

  // The room's socket came back after a drop: frames may have been missed while it was away.
  var wasOffline = false;
  new MutationObserver(function () {
    if (root.dataset.chatState === "offline") {
      wasOffline = true;
    } else if (wasOffline) {
      wasOffline = false;
      refresh();
    }
  }).observe(root, { attributes: true, attributeFilter: ["data-chat-state"] });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      refresh();
    }
  });

  // --- the panel's forms go by fetch; without this script they post normally -----------

  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-debrief-action]");
    if (!form) {
      return;
    }
    if (form.dataset.debriefConfirm && !window.confirm(form.dataset.debriefConfirm)) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    showError("");
    // getAttribute: a field named "action" hides the form's own action property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json()
          .catch(function () { return { error: "That didn't work. Reload the page and try again." }; })
          .then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (button) {
          button.disabled = false;
        }
        if (!result.ok) {
          showError(result.data.error || "That didn't work. Please try again.");
          return;
        }
        (result.data.frames || []).forEach(apply);
        if (form.hasAttribute("data-debrief-pass-form")) {
          form.hidden = true;
          var note = find("[data-debrief-passed]");
          if (note) {
            note.hidden = false;
            note.setAttribute("tabindex", "-1");
            note.focus();
          }
        }
        if (result.data.refresh || form.hasAttribute("data-debrief-refresh")) {
          refresh();
        }
      })
      .catch(function () {
        if (button) {
          button.disabled = false;
        }
        showError("Zenora couldn't be reached. Check your connection and try again.");
      });
  });

  function setUp() {
    var p = panel();
    if (!p) {
      return;
    }
    if (p.dataset.state === "live") {
      var seconds = Number(p.dataset.breakSeconds || 0);
      if (seconds > 0) {
        showBreak(seconds);
      } else {
        breakEndsAt = 0;
        setComposerPaused(false);
      }
      tickPhase();
    } else {
      breakEndsAt = 0;
      clearTimeout(breathTimer);
      setComposerPaused(false);
    }
  }

  setUp();
})();
