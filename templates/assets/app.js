// because: filters and full-text search for the index page. No framework, no network:
// the search text comes from search-index.js, which search.js loads on the first search.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("records");
  if (!form || !table) {
    return;
  }
  var indexed = false;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows).map(function (row) {
    var url = row.getAttribute("data-url");
    return {
      el: row,
      status: row.getAttribute("data-status"),
      kind: row.getAttribute("data-kind"),
      tags: split(row.getAttribute("data-tags")),
      people: split(row.getAttribute("data-people")),
      url: url,
      text: row.textContent.toLowerCase()
    };
  });

  // The rows' own text until the search index is there; then each record's title, people,
  // tags and body words as well.
  function index(then) {
    if (indexed || !window.becauseSearch) {
      then();
      return;
    }
    window.becauseSearch.load("", function (all) {
      var byUrl = {};
      all.forEach(function (e) { byUrl[e.url] = e.title + " " + e.who + " " + e.body; });
      rows.forEach(function (row) {
        if (byUrl[row.url]) {
          row.text = row.text + " " + byUrl[row.url];
        }
      });
      indexed = true;
      then();
    });
  }
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var fields = {
    q: form.elements.q,
    status: form.elements.status,
    kind: form.elements.kind,
    tag: form.elements.tag,
    person: form.elements.person
  };

  function split(value) {
    return value ? value.split("|") : [];
  }

  function apply() {
    var terms = fields.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length && !indexed) {
      index(apply);
      return;
    }
    var status = fields.status.value;
    var kind = fields.kind.value;
    var tag = fields.tag.value;
    var person = fields.person.value;
    var shown = 0;
    rows.forEach(function (row) {
      var match = (!status || row.status === status) &&
        (!kind || row.kind === kind) &&
        (!tag || row.tags.indexOf(tag) !== -1) &&
        (!person || row.people.indexOf(person) !== -1) &&
        terms.every(function (term) { return row.text.indexOf(term) !== -1; });
      row.el.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    count.textContent = shown === rows.length
      ? rows.length + " records"
      : shown + " of " + rows.length + " records";
    empty.hidden = shown !== 0;
    remember();
  }

  // The filters live in the address (#status=accepted&q=cache), so a filtered view can be
  // bookmarked and Back restores it.
  function remember() {
    var parts = [];
    Object.keys(fields).forEach(function (name) {
      if (fields[name].value) {
        parts.push(name + "=" + encodeURIComponent(fields[name].value));
      }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "")) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  function restore() {
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        var name = pair.slice(0, at);
        if (Object.prototype.hasOwnProperty.call(fields, name)) {
          try {
            fields[name].value = decodeURIComponent(pair.slice(at + 1));
          } catch (e) {
            // A mangled address is ignored rather than breaking the page.
          }
        }
      }
    });
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  restore();
  apply();
  sortable();

  // The Deadline column sorts soonest first (open deadlines only, the rest after); a second
  // click restores the number order.
  function sortable() {
    var button = document.getElementById("sort-deadline");
    if (!button) {
      return;
    }
    var th = button.parentNode;
    var body = table.tBodies[0];
    var original = rows.map(function (row) { return row.el; });
    button.hidden = false;
    th.querySelector(".sort-label").hidden = true;
    button.addEventListener("click", function () {
      var sorted = th.getAttribute("aria-sort") !== "ascending";
      var order = original.slice();
      if (sorted) {
        order.sort(function (a, b) { return due(a) - due(b); });
      }
      order.forEach(function (el) { body.appendChild(el); });
      th.setAttribute("aria-sort", sorted ? "ascending" : "none");
    });
  }

  function due(row) {
    var at = Date.parse(row.getAttribute("data-due") || "");
    return isNaN(at) ? Infinity : at;
  }
}());
