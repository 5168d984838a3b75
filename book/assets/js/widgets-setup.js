/*
 * Set-up for the vendored Jupyter widget manager (written for the book; not vendored).
 *
 * Loaded through `nb_ipywidgets_js` in _config.yml, on pages that contain widgets only,
 * after require.js and before embed-amd.js. It does two things:
 *
 * 1. Tells RequireJS where the widget manager lives, so that the Font Awesome files it
 *    requests are served by the book. embed-amd.js defines its modules by name
 *    ("@jupyter-widgets/base", ".../html-manager/dist/libembed-amd", ...) and derives
 *    the URL of its assets from each module's RequireJS URL, which by default is
 *    relative to the page (book/@jupyter-widgets/html-manager/dist/<hash>.woff2: a 404).
 *    Mapping every module name onto the folder of embed-amd.js makes those URLs resolve
 *    to _static/vendor/html-manager/<hash>.woff2 from every page.
 *
 * 2. Lets the widgets typeset their labels with MathJax 3. The widget controls call the
 *    MathJax 2 API, `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`, whenever
 *    `window.MathJax` exists; Sphinx loads MathJax 3, which has no `Hub`, so every
 *    labelled widget threw a TypeError. A one-method `Hub` forwards to MathJax 3; as
 *    Sphinx's MathJax reads only \( \) for inline math, a label's $...$ is rewritten
 *    to \( ... \) first (a slider described as "$w_1$" shows a typeset w₁).
 */
(function () {
  "use strict";

  // 1. RequireJS paths for the widget manager's named modules.
  if (typeof window.require !== "undefined" && document.currentScript) {
    var dir = new URL("../vendor/html-manager/", document.currentScript.src).href;
    var paths = { "@jupyter-widgets/html-manager/dist": dir.replace(/\/$/, "") };
    [
      "@jupyter-widgets/base",
      "@jupyter-widgets/base7",
      "@jupyter-widgets/controls",
      "@jupyter-widgets/controls7",
      "@jupyter-widgets/html-manager",
    ].forEach(function (name) {
      // "<dir>/base" gives the module the URL "<dir>/base.js", whose folder is <dir>.
      paths[name] = dir + name.split("/")[1];
    });
    window.require.config({ paths: paths });
  }

  // 2. A MathJax 2 `Hub.Queue` on top of MathJax 3. MathJax is loaded with `defer`, so it
  //    exists by DOMContentLoaded, before the widgets render (on `load`).
  document.addEventListener("DOMContentLoaded", function () {
    var mathjax = window.MathJax;
    if (!mathjax || mathjax.Hub || !/^3\./.test(String(mathjax.version))) {
      return;
    }
    mathjax.Hub = {
      Queue: function (command) {
        var element = Array.isArray(command) ? command[2] : undefined;
        if (!element || !mathjax.startup || !mathjax.typesetPromise) {
          return;
        }
        if (element.childElementCount === 0 && /\$[^$]+\$/.test(element.textContent)) {
          element.textContent = element.textContent.replace(/\$([^$]+)\$/g, "\\($1\\)");
        }
        mathjax.startup.promise
          .then(function () {
            return mathjax.typesetPromise([element]);
          })
          .catch(function (error) {
            console.warn("MathJax could not typeset a widget label:", error);
          });
      },
    };
  });
})();
