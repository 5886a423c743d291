// The journal editor: nothing typed is lost.
// - Every keystroke is kept in this browser (localStorage), keyed by the editor's draft id.
// - Every few seconds the draft is saved to the server (encrypted there); offline or on a
//   server error it waits and retries, and it sends at once when the connection is back.
// - Reopening the editor offers to restore writing this browser kept but never saved.
// - The entry page after a successful save tells us which local draft is safe to forget.
(function () {
  "use strict";

  var PREFIX = "zenora.journal.draft.";
  var SYNC_EVERY_MS = 3000;
  var FIELDS = ["title", "body", "tags", "mood", "prompt"];
  var OFFLINE_TEXT =
    "You're offline. Your writing is kept in this browser and will be saved when you're back online.";
  var FAILED_TEXT =
    "Couldn't reach the server. Your writing is kept in this browser; trying again in a few seconds.";

  function store() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function readLocal(id) {
    var s = store();
    if (!s || !id) return null;
    try {
      return JSON.parse(s.getItem(PREFIX + id));
    } catch (error) {
      return null;
    }
  }

  function writeLocal(record) {
    var s = store();
    if (!s) return false;
    try {
      s.setItem(PREFIX + record.draftId, JSON.stringify(record));
      return true;
    } catch (error) {
      return false; // storage full or disabled: the server copy still protects the text
    }
  }

  function removeLocal(id) {
    var s = store();
    if (s && id) s.removeItem(PREFIX + id);
  }

  function localDrafts() {
    var s = store();
    var drafts = [];
    if (!s) return drafts;
    for (var i = 0; i < s.length; i++) {
      var key = s.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        var record = readLocal(key.slice(PREFIX.length));
        if (record) drafts.push(record);
      }
    }
    return drafts;
  }

  function isEmpty(v) {
    return !((v.title || "").trim() || (v.body || "").trim() || (v.tags || "").trim());
  }

  function sameText(a, b) {
    return FIELDS.every(function (name) {
      return (a[name] || "") === (b[name] || "");
    });
  }

  function csrfToken() {
    return document.body.dataset.csrfToken || "";
  }

  function initEditor(form) {
    var draftInput = form.elements.draft_id;
    var baseVersion = form.elements.base_version;
    var status = form.querySelector("[data-journal-status]");
    var scope = form.dataset.scope;
    var entryId = form.dataset.entryId || "";
    var dirty = false;
    var touched = false;
    var inFlight = false;

    function values() {
      var v = {};
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        v[name] = field ? field.value : "";
      });
      return v;
    }

    function setStatus(text) {
      if (status) status.textContent = text;
    }

    function saveLocal(synced) {
      var record = values();
      record.draftId = draftInput.value;
      record.scope = scope;
      record.baseVersion = baseVersion ? baseVersion.value : "";
      record.savedAt = new Date().toISOString();
      record.synced = !!synced;
      if (isEmpty(record)) {
        removeLocal(record.draftId);
        return;
      }
      writeLocal(record);
    }

    function showCrisis() {
      var panel = document.querySelector("[data-journal-crisis]");
      if (panel && panel.hidden) {
        panel.hidden = false;
      }
    }

    function showConflict() {
      if (form.querySelector("[data-journal-conflict-notice]")) return;
      var notice = document.createElement("p");
      notice.className = "message message-warning";
      notice.setAttribute("role", "alert");
      notice.dataset.journalConflictNotice = "true";
      notice.textContent =
        "This entry was saved in another tab or device after you opened it. Keep writing: when you save, " +
        "you'll see both versions and nothing is overwritten.";
      form.insertBefore(notice, form.firstChild);
    }

    function sync(keepalive) {
      if (!dirty || inFlight) return;
      if (navigator.onLine === false) {
        setStatus(OFFLINE_TEXT);
        return;
      }
      var data = new FormData();
      var current = values();
      FIELDS.forEach(function (name) {
        data.append(name, current[name]);
      });
      data.append("draft_id", draftInput.value);
      if (entryId) data.append("entry_id", entryId);
      if (baseVersion && baseVersion.value) data.append("base_version", baseVersion.value);
      inFlight = true;
      dirty = false;
      fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        keepalive: !!keepalive,
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          return response
            .json()
            .catch(function () {
              return {};
            })
            .then(function (payload) {
              return { ok: response.ok, status: response.status, payload: payload };
            });
        })
        .then(function (result) {
          inFlight = false;
          if (result.ok && result.payload.saved) {
            if (!dirty) {
              saveLocal(true);
              setStatus("Draft saved at " + result.payload.saved_at_display + ".");
            }
            if (result.payload.crisis) showCrisis();
            if (result.payload.conflict) showConflict();
          } else if (result.status === 422) {
            // The server refused this text (a limit); retrying unchanged would not help.
            var errors = result.payload.errors || {};
            var first = Object.keys(errors).map(function (k) {
              return errors[k][0];
            })[0];
            setStatus("Not saved to your drafts: " + (first || "please check the entry.") +
              " Your text is still kept in this browser.");
          } else {
            dirty = true;
            setStatus(FAILED_TEXT);
          }
        })
        .catch(function () {
          inFlight = false;
          dirty = true;
          setStatus(navigator.onLine === false ? OFFLINE_TEXT : FAILED_TEXT);
        });
    }

    function onInput() {
      dirty = true;
      touched = true;
      saveLocal(false);
      setStatus(navigator.onLine === false ? OFFLINE_TEXT : "Kept in this browser. Saving to your drafts…");
    }

    form.addEventListener("input", onInput);
    form.addEventListener("change", onInput);
    form.addEventListener("submit", function () {
      // Kept until the saved entry's page confirms it; a failed submit loses nothing.
      if (touched) saveLocal(false);
    });
    window.setInterval(sync, SYNC_EVERY_MS);
    window.addEventListener("online", function () {
      setStatus("Back online. Saving your draft…");
      sync(false);
    });
    window.addEventListener("offline", function () {
      setStatus(OFFLINE_TEXT);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") sync(true);
    });
    window.addEventListener("pagehide", function () {
      if (touched) saveLocal(!dirty);
    });

    offerRestore();

    function offerRestore() {
      var panel = document.querySelector("[data-journal-restore]");
      if (!panel) return;
      var current = values();
      var candidates = localDrafts()
        .filter(function (r) {
          return r.scope === scope && !isEmpty(r) && !sameText(r, current);
        })
        .sort(function (a, b) {
          return a.savedAt < b.savedAt ? 1 : -1;
        });
      if (!candidates.length) {
        panel.hidden = true;
        return;
      }
      var record = candidates[0];
      var when = new Date(record.savedAt);
      var label = record.title || (record.body || "").slice(0, 60);
      panel.querySelector("[data-journal-restore-text]").textContent =
        "This browser kept writing from " + when.toLocaleString() + " that was not saved as an entry" +
        (label ? ": “" + label + (label.length >= 60 ? "…" : "") + "”" : "") + "." +
        (candidates.length > 1 ? " (" + (candidates.length - 1) + " more after this one.)" : "");
      panel.hidden = false;
      panel.querySelector("[data-journal-restore-accept]").onclick = function () {
        var own = draftInput.value;
        FIELDS.forEach(function (name) {
          var field = form.elements[name];
          if (field && record[name] !== undefined) field.value = record[name];
        });
        if (own !== record.draftId && isEmpty(current)) removeLocal(own);
        draftInput.value = record.draftId;
        if (baseVersion && record.baseVersion) baseVersion.value = record.baseVersion;
        panel.hidden = true;
        onInput();
        sync(false);
        if (form.elements.body) form.elements.body.focus();
        setStatus("Restored. Kept in this browser; saving to your drafts…");
      };
      panel.querySelector("[data-journal-restore-discard]").onclick = function () {
        removeLocal(record.draftId);
        var url = form.dataset.discardUrl.replace("00000000-0000-0000-0000-000000000000", record.draftId);
        fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
        }).catch(function () {});
        offerRestore();
      };
    }
  }

  function init() {
    document.querySelectorAll("[data-journal-clear-draft]").forEach(function (element) {
      removeLocal(element.dataset.journalClearDraft);
    });
    document.querySelectorAll("form[data-journal-form]").forEach(initEditor);
    document.querySelectorAll("[data-journal-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
