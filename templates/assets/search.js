// because: the search box in every page's header. The search index is the site's largest
// file, so it is loaded on first use (a <script src>, since fetch() fails under file://).
// Every word typed must match; title and id matches rank first, then people and tags,
// then the body's words. Enter opens the index filtered by the same words.
(function () {
  "use strict";
  var entries = null;
  var waiting = [];
  var RESULTS = 8;

  // Load search-index.js once and call `then` when it is there; the index page's filter uses
  // this too.
  function load(root, then) {
    if (entries) {
      then(entries);
      return;
    }
    waiting.push(then);
    if (waiting.length > 1) {
      return;
    }
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () {
      entries = (window.BECAUSE_SEARCH || []).map(function (row) {
        return {
          url: row[0],
          label: row[1] + " " + row[2],
          title: (row[1] + " " + row[2]).toLowerCase(),
          who: (row[3] + " " + row[4]).toLowerCase(),
          body: row[5].toLowerCase()
        };
      });
      waiting.forEach(function (f) { f(entries); });
      waiting = [];
    };
    document.head.appendChild(script);
  }

  function terms(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  // 3 for a word in the id or title, 2 in people or tags, 1 in the body; 0 when a word is
  // found nowhere (every word is required).
  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i += 1) {
      var w = words[i];
      var s = entry.title.indexOf(w) !== -1 ? 3 : entry.who.indexOf(w) !== -1 ? 2 : entry.body.indexOf(w) !== -1 ? 1 : 0;
      if (s === 0) {
        return 0;
      }
      total += s;
    }
    return total;
  }

  function rank(all, words) {
    return all
      .map(function (entry, i) { return { entry: entry, score: score(entry, words), i: i }; })
      .filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.i - b.i; });
  }

  function start(form) {
    var root = form.getAttribute("data-root") || "";
    var input = form.elements.q;
    var list = document.getElementById("site-results");
    form.hidden = false;
    function show() {
      var words = terms(input.value);
      if (!words.length) {
        list.hidden = true;
        return;
      }
      load(root, function (all) {
        var hits = rank(all, words);
        list.textContent = "";
        hits.slice(0, RESULTS).forEach(function (hit) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = root + hit.entry.url;
          a.textContent = hit.entry.label;
          li.appendChild(a);
          list.appendChild(li);
        });
        if (!hits.length) {
          var none = document.createElement("li");
          none.className = "muted";
          none.textContent = "No record matches.";
          list.appendChild(none);
        }
        list.hidden = false;
      });
    }
    input.addEventListener("input", show);
    input.addEventListener("focus", function () { load(root, function () {}); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value.trim()) {
        location.href = root + "index.html#q=" + encodeURIComponent(input.value.trim());
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        list.hidden = true;
      }
    });
  }

  window.becauseSearch = { load: load, terms: terms, score: score };
  var form = document.getElementById("site-search");
  if (form) {
    start(form);
  }
})();
