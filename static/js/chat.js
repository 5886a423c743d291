// Live debrief rooms. The page works without this script (a plain form posts a message);
// this upgrades it: messages arrive live, the composer sends over the socket, and nothing
// typed is lost — unsent messages wait in localStorage with a client id until the server
// has stored them, and after any drop the client asks for everything after the last
// sequence number it saw.
(function () {
  "use strict";

  var root = document.querySelector("[data-chat-room]");
  if (!root || !("WebSocket" in window)) {
    return;
  }

  var roomId = root.dataset.chatRoom;
  var socketPath = root.dataset.chatSocket;
  var olderUrl = root.dataset.chatOlder;
  var log = root.querySelector("[data-chat-log]");
  var scroller = root.querySelector("[data-chat-scroller]") || log;
  var form = root.querySelector("[data-chat-form]");
  var textarea = form && form.querySelector("textarea");
  var statusEl = root.querySelector("[data-chat-status]");
  var presenceEl = root.querySelector("[data-chat-presence]");
  var typingEl = root.querySelector("[data-chat-typing]");
  var errorEl = root.querySelector("[data-chat-error]");
  var olderButton = root.querySelector("[data-chat-older]");
  var guardEl = root.querySelector("[data-chat-guard]");
  var careEl = root.querySelector("[data-chat-care]");
  var guarded = null; // the message the confidentiality guard sent back, until confirmed or edited
  var cwHide = (root.dataset.cwHide || "").split(",").filter(Boolean);
  var cwOpen = (root.dataset.cwOpen || "").split(",").filter(Boolean);
  var outboxKey = "zenora.chat.outbox." + roomId;
  var draftKey = "zenora.chat.draft." + roomId;

  var socket = null;
  var lastSeq = Number(root.dataset.chatLastSeq || 0);
  var oldestSeq = Number(root.dataset.chatOldestSeq || 0);
  var retryDelay = 500;
  var heartbeatMs = Number(root.dataset.chatHeartbeat || 20000);
  var replaying = false;
  var typingTimers = {};
  var lastTypingSent = 0;
  var present = {};

  // --- the outbox: messages typed but not yet stored by the server ---------------------

  function readOutbox() {
    try {
      return JSON.parse(localStorage.getItem(outboxKey) || "[]");
    } catch (error) {
      return [];
    }
  }

  function writeOutbox(items) {
    try {
      localStorage.setItem(outboxKey, JSON.stringify(items));
    } catch (error) {
      // Storage full or disabled: the pending bubble still shows, and we keep trying to send.
    }
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function queue(body, warning, themes, confirmed) {
    var item = {
      client_id: newClientId(), body: body, warning: warning || "", themes: themes || [], confirmed: Boolean(confirmed),
    };
    var items = readOutbox();
    items.push(item);
    writeOutbox(items);
    showPending(item);
    flushOutbox();
  }

  function acknowledge(clientId) {
    writeOutbox(readOutbox().filter(function (item) { return item.client_id !== clientId; }));
    var pending = log.querySelector('[data-pending="' + CSS.escape(clientId) + '"]');
    if (pending) {
      pending.remove();
    }
  }

  function flushOutbox() {
    if (!socket || socket.readyState !== WebSocket.OPEN || replaying) {
      return;
    }
    readOutbox().forEach(function (item) {
      socket.send(JSON.stringify({
        type: "send", client_id: item.client_id, body: item.body, warning: item.warning,
        themes: item.themes || [], confirmed: Boolean(item.confirmed),
      }));
    });
  }

  function showPending(item) {
    if (log.querySelector('[data-pending="' + CSS.escape(item.client_id) + '"]')) {
      return;
    }
    var li = document.createElement("li");
    li.className = "chat-message chat-pending";
    li.dataset.pending = item.client_id;
    var body = document.createElement("p");
    body.className = "chat-body";
    body.textContent = item.body;
    var note = document.createElement("p");
    note.className = "chat-meta";
    note.textContent = "Waiting to send…";
    li.appendChild(body);
    li.appendChild(note);
    log.appendChild(li);
    scrollToEnd();
  }

  // --- rendering what the server sends -------------------------------------------------

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // The reader's content-warning choices: some themes always open, some folded away with a note.
  function applyWarnings(element) {
    element.querySelectorAll("details[data-cw-themes]").forEach(function (details) {
      var themes = (details.dataset.cwThemes || "").split(",").filter(Boolean);
      var hide = themes.some(function (t) { return cwHide.indexOf(t) !== -1; });
      var label = details.querySelector(".cw-label");
      if (hide) {
        details.classList.add("cw-hidden");
        if (label) {
          label.textContent = label.textContent.replace("Content warning:", "Hidden by your content settings:");
        }
      } else if (themes.length && !details.dataset.cwLabel &&
                 themes.every(function (t) { return cwOpen.indexOf(t) !== -1; })) {
        details.open = true;
      }
    });
    // Nobody reports their own message.
    element.querySelectorAll('[data-author="' + root.dataset.me + '"] .chat-report').forEach(function (button) {
      button.hidden = true;
    });
  }

  function showGuard(item, frame) {
    if (!guardEl) {
      return;
    }
    guarded = item;
    var list = guardEl.querySelector("[data-chat-guard-list]");
    list.textContent = "";
    (frame.findings || []).forEach(function (finding) {
      var li = document.createElement("li");
      li.textContent = finding.label.charAt(0).toUpperCase() + finding.label.slice(1) + ": ";
      var mark = document.createElement("mark");
      mark.textContent = finding.text;
      li.appendChild(mark);
      list.appendChild(li);
    });
    guardEl.hidden = false;
  }

  function hideGuard() {
    guarded = null;
    if (guardEl) {
      guardEl.hidden = true;
    }
  }

  // Server-rendered times are in the writer's zone; show every time in the reader's own.
  function localizeTimes(element) {
    element.querySelectorAll("time[datetime]").forEach(function (time) {
      var when = new Date(time.getAttribute("datetime"));
      if (!isNaN(when)) {
        time.textContent = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      }
    });
  }

  var readTimer = null;
  function reportRead() {
    if (readTimer || document.hidden) {
      return;
    }
    readTimer = setTimeout(function () {
      readTimer = null;
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: "read", seq: lastSeq }));
      }
    }, 2000);
  }

  function hasSeq(seq) {
    return Boolean(log.querySelector('[data-seq="' + seq + '"]'));
  }

  function nearEnd() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function requestReplay() {
    if (replaying || !socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    replaying = true;
    socket.send(JSON.stringify({ type: "replay", after: lastSeq }));
  }

  function addMessage(message) {
    if (!replaying && message.seq > lastSeq + 1) {
      // A gap: something was broadcast while we weren't listening. Fetch it from the record.
      requestReplay();
    }
    if (message.client_id) {
      acknowledge(message.client_id);
    }
    if (hasSeq(message.seq)) {
      replaceMessage(message);
      return;
    }
    var stick = nearEnd();
    var item = fragment(message.html);
    // Keep sequence order even when a replay and a live event interleave; messages still
    // waiting to be sent stay last.
    var next = null;
    var stored = log.querySelectorAll("[data-seq]");
    for (var i = 0; i < stored.length; i++) {
      if (Number(stored[i].dataset.seq) > message.seq) {
        next = stored[i];
        break;
      }
    }
    localizeTimes(item);
    applyWarnings(item);
    log.insertBefore(item, next || log.querySelector("[data-pending]"));
    reportRead();
    lastSeq = Math.max(lastSeq, message.seq);
    if (stick) {
      scrollToEnd();
    }
  }

  function replaceMessage(message) {
    var existing = log.querySelector('[data-seq="' + message.seq + '"]');
    if (existing) {
      var item = fragment(message.html);
      localizeTimes(item);
      applyWarnings(item);
      existing.replaceWith(item);
    }
  }

  function announce(text) {
    if (statusEl) {
      statusEl.textContent = text;
    }
    root.dataset.chatState = text ? "offline" : "online";
  }

  function showError(text) {
    if (!errorEl) {
      return;
    }
    errorEl.textContent = text;
    errorEl.hidden = !text;
  }

  function renderPresence() {
    if (!presenceEl) {
      return;
    }
    var names = [];
    Object.keys(present).forEach(function (channel) {
      if (names.indexOf(present[channel]) === -1) {
        names.push(present[channel]);
      }
    });
    names.sort();
    presenceEl.textContent = names.length ? "Here now: " + names.join(", ") : "";
  }

  function showTyping(user) {
    if (!typingEl) {
      return;
    }
    clearTimeout(typingTimers[user.id]);
    typingTimers[user.id] = setTimeout(function () {
      delete typingTimers[user.id];
      delete typingEl.dataset["u" + user.id];
      renderTyping();
    }, 4000);
    typingEl.dataset["u" + user.id] = user.name;
    renderTyping();
  }

  function renderTyping() {
    var names = Object.keys(typingEl.dataset)
      .filter(function (key) { return key.charAt(0) === "u"; })
      .map(function (key) { return typingEl.dataset[key]; });
    typingEl.textContent = names.length ? names.join(", ") + (names.length > 1 ? " are" : " is") + " typing…" : "";
  }

  // --- the socket ----------------------------------------------------------------------

  var handlers = {
    ready: function (frame) {
      retryDelay = 500;
      present = {};
      renderPresence();
      announce("");
      showError("");
      requestReplay();
      root.dataset.chatLocked = frame.locked ? "true" : "false";
    },
    replay_done: function () {
      replaying = false;
      readOutbox().forEach(showPending);
      flushOutbox();
    },
    message: function (frame) { addMessage(frame.message); },
    updated: function (frame) { replaceMessage(frame.message); },
    ack: function (frame) { acknowledge(frame.client_id); },
    joined: function (frame) { present[frame.channel] = frame.user.name; renderPresence(); },
    left: function (frame) { delete present[frame.channel]; renderPresence(); },
    typing: function (frame) { showTyping(frame.user); },
    room: function (frame) {
      root.dataset.chatLocked = frame.locked ? "true" : "false";
      showError(frame.locked ? "A moderator has locked this room for now." : "");
    },
    pong: function (frame) {
      // The room moved on without us hearing (a broadcast lost while Redis restarted): catch up.
      if (frame.last_seq > lastSeq) {
        requestReplay();
      }
    },
    care: function () {
      // Crisis language in what this person sent: show them where help is, at once.
      if (careEl) {
        careEl.hidden = false;
        careEl.focus();
      }
    },
    error: function (frame) {
      if (frame.code === "guard" && frame.client_id) {
        // Not sent: the text goes back in the box with what was found, to edit or to confirm.
        var held = readOutbox().filter(function (i) { return i.client_id === frame.client_id; })[0];
        acknowledge(frame.client_id);
        if (held && textarea) {
          textarea.value = textarea.value ? held.body + "\n" + textarea.value : held.body;
          showGuard(held, frame);
          textarea.focus();
        }
        showError("");
        return;
      }
      if (frame.code === "rate_limited") {
        setTimeout(flushOutbox, 5000);
      } else if (frame.client_id) {
        // Refused for good (too long, muted, locked): give the text back to the writer.
        var item = readOutbox().filter(function (i) { return i.client_id === frame.client_id; })[0];
        acknowledge(frame.client_id);
        if (item && textarea && !textarea.value) {
          textarea.value = item.body;
        }
      }
      showError(frame.message);
    },
  };

  var reconnectTimer = null;
  var lastFrameAt = Date.now();

  function scheduleReconnect(delay) {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
  }

  // A socket can look open long after the network went away (sleep, a dead Wi-Fi): ping it,
  // and treat silence as a drop.
  function heartbeat() {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    if (Date.now() - lastFrameAt > heartbeatMs * 2.5) {
      socket.close();
      return;
    }
    socket.send(JSON.stringify({ type: "ping" }));
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (socket) {
      return;
    }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    announce(navigator.onLine === false ? "You're offline. Anything you send will be delivered when you're back." : "Connecting…");
    var current = new WebSocket(scheme + location.host + socketPath);
    socket = current;
    current.addEventListener("message", function (event) {
      lastFrameAt = Date.now();
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      var handler = handlers[frame.type];
      if (handler) {
        handler(frame);
      } else {
        // Other features in the room (structured debriefs) listen for their own frames.
        root.dispatchEvent(new CustomEvent("zenora:room-frame", { detail: frame, bubbles: true }));
      }
    });
    current.addEventListener("close", function (event) {
      if (socket !== current) {
        return;
      }
      socket = null;
      replaying = false;
      if (event.code === 4403 || event.code === 4401) {
        announce("You are no longer part of this room. Reload the page to check.");
        return;
      }
      announce("Reconnecting… Anything you send now will be delivered when we're back.");
      scheduleReconnect(retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  }

  window.addEventListener("offline", function () {
    if (socket) {
      socket.close();
    }
  });
  window.addEventListener("online", function () {
    retryDelay = 500;
    scheduleReconnect(0);
  });
  setInterval(heartbeat, heartbeatMs);

  // --- the composer --------------------------------------------------------------------

  if (form && textarea) {
    try {
      textarea.value = textarea.value || localStorage.getItem(draftKey) || "";
    } catch (error) {
      // No storage: drafts are not kept across reloads.
    }
    textarea.addEventListener("input", function () {
      try {
        localStorage.setItem(draftKey, textarea.value);
      } catch (error) {
        // Ignore: the text is still in the box.
      }
      var now = Date.now();
      if (socket && socket.readyState === WebSocket.OPEN && now - lastTypingSent > 3000) {
        lastTypingSent = now;
        socket.send(JSON.stringify({ type: "typing" }));
      }
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = textarea.value.trim();
      if (!body) {
        return;
      }
      var warning = form.querySelector("[name=warning]");
      var themeBoxes = form.querySelectorAll("[name=warning_themes]");
      var themes = [];
      themeBoxes.forEach(function (box) {
        if (box.checked) {
          themes.push(box.value);
        }
      });
      hideGuard();
      queue(body, warning ? warning.value : "", themes, false);
      textarea.value = "";
      if (warning) {
        warning.value = "";
      }
      themeBoxes.forEach(function (box) { box.checked = false; });
      try {
        localStorage.removeItem(draftKey);
      } catch (error) {
        // Nothing to clear.
      }
      showError("");
      textarea.focus();
    });
  }

  if (olderButton && olderUrl) {
    olderButton.hidden = !(oldestSeq > 1);  // nothing earlier than the first message
    olderButton.addEventListener("click", function () {
      fetch(olderUrl + "?before=" + oldestSeq, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (!html.trim()) {
            olderButton.hidden = true;
            return;
          }
          var height = scroller.scrollHeight;
          var template = document.createElement("template");
          template.innerHTML = html;
          var items = template.content.querySelectorAll("[data-seq]");
          if (!items.length) {
            olderButton.hidden = true;
            return;
          }
          oldestSeq = Number(items[0].dataset.seq);
          log.prepend(template.content);
          scroller.scrollTop += scroller.scrollHeight - height;
        });
    });
  }

  // Removing a message goes over the socket when it is open; the plain form is the fallback.
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chat-remove]");
    if (!button || !socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    event.preventDefault();
    socket.send(JSON.stringify({ type: "delete", seq: Number(button.dataset.chatRemove) }));
  });

  if (guardEl) {
    guardEl.querySelector("[data-chat-guard-confirm]").addEventListener("click", function () {
      if (!guarded || !textarea) {
        return;
      }
      // The writer checked what was found: send what is in the box now, marked as confirmed.
      var body = textarea.value.trim() || guarded.body;
      queue(body, guarded.warning, guarded.themes, true);
      textarea.value = "";
      try {
        localStorage.removeItem(draftKey);
      } catch (error) {
        // Nothing to clear.
      }
      hideGuard();
      textarea.focus();
    });
  }

  localizeTimes(log);
  applyWarnings(log);
  readOutbox().forEach(showPending);
  scrollToEnd();
  connect();
})();
