// because: deadlines in the reader's own time zone, and "due in" / "overdue by" computed when
// the page is viewed. Without script the page keeps the build's text, marked "as of" its date.
(function () {
  "use strict";
  var local = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });

  // The same units as the command line: days from two, then hours, then minutes.
  function span(ms) {
    var minutes = Math.floor(ms / 60000);
    var hours = Math.floor(minutes / 60);
    var days = Math.floor(hours / 24);
    function plural(n, unit) { return n + " " + unit + (n === 1 ? "" : "s"); }
    if (days >= 2) { return plural(days, "day"); }
    if (hours >= 1) { return plural(hours, "hour"); }
    return plural(Math.max(minutes, 1), "minute");
  }

  function update() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-deadline"));
      var mine = el.parentNode.querySelector(".local-time");
      if (!isNaN(at) && mine) {
        mine.textContent = "(your time: " + local.format(at) + ")";
        mine.hidden = false;
      }
    });
    document.querySelectorAll("[data-left]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-left"));
      if (isNaN(at)) { return; }
      var left = at - now;
      el.textContent = left < 0 ? "overdue by " + span(-left) : "due in " + span(left);
      el.classList.toggle("overdue", left < 0);
      el.classList.toggle("due", left >= 0);
    });
  }

  update();
  setInterval(update, 30000);
})();
