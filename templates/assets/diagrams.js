// because: turn ```mermaid blocks of a record into diagrams, offline, with the Mermaid build
// the site ships (mermaid.min.js, loaded only on pages that have a diagram). Without
// JavaScript the source stays readable as a code block.
"use strict";
(function () {
  const blocks = Array.from(document.querySelectorAll("pre > code.language-mermaid"));
  if (!blocks.length || !window.mermaid) {
    return;
  }
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  blocks.forEach(function (code, i) {
    const source = code.textContent;
    window.mermaid.render("because-diagram-" + i, source).then(function (result) {
      const figure = document.createElement("figure");
      figure.className = "diagram";
      figure.innerHTML = result.svg;
      code.parentNode.replaceWith(figure);
    }, function (err) {
      // Keep the source: a diagram that does not parse is still worth reading as text.
      code.parentNode.title = "Mermaid could not draw this diagram: " + (err && err.message || err);
    });
  });
})();
