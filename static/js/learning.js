// Learning: the breathing pacer and the step-by-step grounding exercise.
// Progressive enhancement: without JavaScript both exercises read as plain numbered lists.
(function () {
  "use strict";

  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function Pacer(root) {
    this.root = root;
    this.items = Array.prototype.slice.call(root.querySelectorAll("[data-pacer-phases] li"));
    this.phases = this.items.map(function (item) {
      return {
        label: item.dataset.label || item.textContent.trim(),
        seconds: Math.max(1, Math.min(10, parseInt(item.dataset.seconds, 10) || 4)),
        motion: item.dataset.motion || "rest",
      };
    });
    this.rounds = Math.max(1, parseInt(root.dataset.rounds, 10) || 4);
    this.stage = root.querySelector("[data-pacer-stage]");
    this.circle = root.querySelector("[data-pacer-circle]");
    this.phaseText = root.querySelector("[data-pacer-phase]");
    this.count = root.querySelector("[data-pacer-count]");
    this.status = root.querySelector("[data-pacer-status]");
    this.toggleButton = root.querySelector("[data-pacer-toggle]");
    this.resetButton = root.querySelector("[data-pacer-reset]");
    this.timer = null;
    this.reset(false);
    this.stage.hidden = false;
    root.querySelector("[data-pacer-controls]").hidden = false;
    this.toggleButton.addEventListener("click", this.toggle.bind(this));
    this.resetButton.addEventListener("click", this.reset.bind(this, true));
    root.addEventListener("keydown", this.onKey.bind(this));
  }

  Pacer.prototype.reset = function (announce) {
    this.clearTimer();
    this.state = "ready";
    this.round = 1;
    this.phaseIndex = 0;
    this.remaining = this.phases[0].seconds;
    this.msIntoTick = 0;
    this.root.classList.remove("is-running", "is-paused");
    this.setCircle("rest", 1);
    this.markCurrent(-1);
    this.phaseText.textContent = "Ready when you are";
    this.count.textContent = "";
    this.toggleButton.textContent = "Start";
    if (announce) {
      this.say("Back to the start. Press Start when you're ready.");
    }
  };

  Pacer.prototype.toggle = function () {
    if (this.state === "running") {
      this.pause();
    } else if (this.state === "paused") {
      this.resume();
    } else {
      if (this.state === "done") {
        this.reset(false);
      }
      this.start();
    }
  };

  Pacer.prototype.onKey = function (event) {
    if (event.key === "Escape" && this.state === "running") {
      event.preventDefault();
      this.pause();
      this.toggleButton.focus();
    }
  };

  Pacer.prototype.start = function () {
    this.state = "running";
    this.root.classList.add("is-running");
    this.toggleButton.textContent = "Pause";
    this.enterPhase();
  };

  Pacer.prototype.pause = function () {
    this.msIntoTick = Date.now() - this.tickStartedAt;
    this.clearTimer();
    this.state = "paused";
    this.root.classList.add("is-paused");
    this.toggleButton.textContent = "Resume";
    this.say("Paused. Press Resume to carry on.");
  };

  Pacer.prototype.resume = function () {
    this.state = "running";
    this.root.classList.remove("is-paused");
    this.toggleButton.textContent = "Pause";
    this.say("Resumed. " + this.phases[this.phaseIndex].label + ".");
    this.schedule(Math.max(0, 1000 - this.msIntoTick));
  };

  Pacer.prototype.enterPhase = function () {
    var phase = this.phases[this.phaseIndex];
    this.remaining = phase.seconds;
    this.markCurrent(this.phaseIndex);
    this.setCircle(phase.motion, phase.seconds);
    this.phaseText.textContent = phase.label;
    this.count.textContent = String(this.remaining);
    var prefix = this.phaseIndex === 0 ? "Round " + this.round + " of " + this.rounds + ". " : "";
    this.say(prefix + phase.label + ", " + plural(phase.seconds, "second") + ".");
    this.schedule(1000);
  };

  Pacer.prototype.schedule = function (delay) {
    this.clearTimer();
    this.tickStartedAt = Date.now() - (1000 - delay);
    this.timer = window.setTimeout(this.tick.bind(this), delay);
  };

  Pacer.prototype.tick = function () {
    this.timer = null;
    this.msIntoTick = 0;
    this.remaining -= 1;
    if (this.remaining > 0) {
      this.count.textContent = String(this.remaining);
      this.schedule(1000);
      return;
    }
    this.phaseIndex += 1;
    if (this.phaseIndex >= this.phases.length) {
      this.phaseIndex = 0;
      this.round += 1;
    }
    if (this.round > this.rounds) {
      this.finish();
    } else {
      this.enterPhase();
    }
  };

  Pacer.prototype.finish = function () {
    this.state = "done";
    this.root.classList.remove("is-running", "is-paused");
    this.setCircle("rest", 1);
    this.markCurrent(-1);
    this.phaseText.textContent = "Done";
    this.count.textContent = "";
    this.toggleButton.textContent = "Start again";
    this.say("All done. Notice how you feel now. You can log this practice below.");
  };

  Pacer.prototype.setCircle = function (motion, seconds) {
    var circle = this.circle;
    circle.className = "pacer-circle";
    void circle.offsetWidth; // restart the CSS animation even when the motion repeats
    circle.classList.add("pacer-motion-" + motion, "pacer-dur-" + seconds);
  };

  Pacer.prototype.markCurrent = function (index) {
    this.items.forEach(function (item, i) {
      item.classList.toggle("is-current", i === index);
    });
  };

  Pacer.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Pacer.prototype.clearTimer = function () {
    if (this.timer !== null) {
      window.clearTimeout(this.timer);
      this.timer = null;
    }
  };

  function Stepper(root) {
    this.steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
    this.status = root.querySelector("[data-stepper-status]");
    this.back = root.querySelector("[data-stepper-back]");
    this.next = root.querySelector("[data-stepper-next]");
    this.index = 0;
    root.classList.add("is-enhanced");
    root.querySelector("[data-stepper-controls]").hidden = false;
    this.back.addEventListener("click", this.go.bind(this, -1));
    this.next.addEventListener("click", this.go.bind(this, 1));
    this.show(false);
  }

  Stepper.prototype.go = function (delta) {
    if (this.index >= this.steps.length) {
      this.index = 0; // "Start again" after finishing
    } else {
      this.index = Math.max(0, this.index + delta);
    }
    this.show(true);
  };

  Stepper.prototype.show = function (announce) {
    var index = this.index;
    var done = index >= this.steps.length;
    this.steps.forEach(function (step, i) {
      step.hidden = !done && i !== index;
      step.classList.toggle("is-current", i === index);
    });
    this.back.disabled = index === 0 || done;
    this.next.textContent = done ? "Start again" : index === this.steps.length - 1 ? "Finish" : "Next step";
    var text = done
      ? "All done. Take a moment to notice how you feel. You can log this practice below."
      : "Step " + (index + 1) + " of " + this.steps.length + ": " + this.steps[index].textContent.trim();
    if (announce) {
      this.status.textContent = text;
    } else {
      this.status.textContent = "Step 1 of " + this.steps.length + ". Take your time; press Next step when you're ready.";
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pacer]").forEach(function (root) {
      root.pacer = new Pacer(root);
    });
    document.querySelectorAll("[data-stepper]").forEach(function (root) {
      root.stepper = new Stepper(root);
    });
    if (reducedMotion && reducedMotion.matches) {
      document.documentElement.classList.add("reduced-motion");
    }
  });
})();
