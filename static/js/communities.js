// Communities: @mention suggestions in post forms. Without JavaScript, typing @**Name** still works.
(function () {
  "use strict";

  var MENTION_AT_CARET = /(^|\s)@([^\s@*][^@*\n]{0,30})$/;

  function setup(field) {
    var textarea = field.querySelector("textarea");
    var list = field.querySelector(".mention-suggestions");
    var url = field.dataset.suggestUrl;
    if (!textarea || !list || !url || !window.htmx) {
      return;
    }
    var active = -1;
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id || (list.id = "mentions-" + Math.random().toString(36).slice(2)));

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }
    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
      textarea.setAttribute("aria-expanded", "false");
    }
    function highlight(index) {
      var all = options();
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (all[index]) {
        textarea.setAttribute("aria-activedescendant", all[index].id);
      }
    }
    function choose(option) {
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, caret).replace(/@[^@\s*][^@*\n]{0,30}$/, "");
      var inserted = "@**" + option.dataset.mention + "** ";
      textarea.value = before + inserted + textarea.value.slice(caret);
      textarea.selectionStart = textarea.selectionEnd = before.length + inserted.length;
      close();
      textarea.focus();
    }

    textarea.addEventListener("input", function () {
      var match = textarea.value.slice(0, textarea.selectionStart).match(MENTION_AT_CARET);
      if (!match) {
        close();
        return;
      }
      window.htmx.ajax("GET", url + "?q=" + encodeURIComponent(match[2]), { target: list, swap: "innerHTML" }).then(function () {
        var any = options().length > 0;
        list.hidden = !any;
        textarea.setAttribute("aria-expanded", any ? "true" : "false");
        if (any) {
          highlight(0);
        }
      });
    });
    textarea.addEventListener("keydown", function (event) {
      var all = options();
      if (list.hidden || !all.length) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + all.length) % all.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (all[active]) {
          event.preventDefault();
          choose(all[active]);
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });
    textarea.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".mention-field[data-suggest-url]").forEach(setup);
  });
})();
