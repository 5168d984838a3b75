/* Static interactive figures of ReLU Origami (origami.interactive; markup by
 * code/origami/static_html.py, frames moved to files by book/_ext/interactive_figures.py).
 *
 * Each figure is a <div class="origami-interactive"> holding its labelled controls (range
 * inputs, selects, checkboxes with a data-control index), a <picture> with the starting
 * frame (an <img class="origami-frame">, and a <source> for narrow screens when the figure
 * has a narrow layout), a <p class="origami-description" aria-live="polite"> and a
 * <script type="application/json" class="origami-data">:
 *   {version: 2, name, mime, alt, controls: [{name, kind, labels, default}], shape: [n0, ...],
 *    text: [description of each grid point, row-major, last control fastest],
 *    wide: {index: [distinct frame of each grid point], urls: [...] (or frames: [base64, ...])},
 *    narrow: null or like wide}
 * Moving a control shows the frame of the new grid point, its description (read out by
 * screen readers) and alt text. Frames are plain image URLs (they load from file:// too),
 * fetched when needed; when a figure comes into view or is used, the frames one step away
 * along each control are fetched ahead, so the next move is instant. No kernel.
 */
(function () {
  "use strict";

  var NARROW = "(max-width: 599.98px)";

  function position(input) {
    if (input.type === "checkbox") return input.checked ? 1 : 0;
    var k = parseInt(input.value, 10);
    return isNaN(k) ? 0 : k;
  }

  function setup(root) {
    if (root.getAttribute("data-origami-ready")) return;
    var source = root.querySelector("script.origami-data");
    var img = root.querySelector("img.origami-frame");
    if (!source || !img) return;
    var data = JSON.parse(source.textContent);
    var narrowSource = root.querySelector("picture source");
    var description = root.querySelector(".origami-description");
    var narrowQuery = window.matchMedia ? window.matchMedia(NARROW) : null;
    var inputs = [];
    Array.prototype.forEach.call(root.querySelectorAll("[data-control]"), function (el) {
      inputs[parseInt(el.getAttribute("data-control"), 10)] = el;
    });
    var altBase = (data.alt || "").replace(/[.\s]+$/, "");
    var fetched = {};
    var current = 0;

    function url(layout, flat) {
      var k = layout.index[flat];
      return layout.urls ? layout.urls[k] : "data:" + data.mime + ";base64," + layout.frames[k];
    }

    function shownLayout() {
      return data.narrow && narrowQuery && narrowQuery.matches ? data.narrow : data.wide;
    }

    function prefetchAround(flat) {
      var layout = shownLayout();
      if (!layout.urls) return; // frames inside the page: nothing to fetch
      var stride = 1;
      for (var i = data.shape.length - 1; i >= 0; i--) {
        var k = Math.floor(flat / stride) % data.shape[i];
        [k + 1, k - 1].forEach(function (j) {
          if (j < 0 || j >= data.shape[i]) return;
          var u = url(layout, flat + (j - k) * stride);
          if (fetched[u]) return;
          fetched[u] = new Image();
          fetched[u].src = u;
        });
        stride *= data.shape[i];
      }
    }

    function update() {
      var flat = 0;
      data.controls.forEach(function (control, i) {
        var k = Math.min(Math.max(position(inputs[i]), 0), data.shape[i] - 1);
        flat = flat * data.shape[i] + k;
        var label = control.labels[k];
        var readout = root.querySelector('output[for="' + inputs[i].id + '"]');
        if (readout) readout.textContent = label;
        if (inputs[i].type === "range") inputs[i].setAttribute("aria-valuetext", control.name + " = " + label);
      });
      current = flat;
      var wide = url(data.wide, flat);
      if (narrowSource && data.narrow) {
        var narrow = url(data.narrow, flat);
        if (narrowSource.getAttribute("srcset") !== narrow) narrowSource.setAttribute("srcset", narrow);
      }
      if (img.getAttribute("src") !== wide) img.setAttribute("src", wide);
      var text = data.text ? data.text[flat] : "";
      if (description && description.textContent !== text) description.textContent = text;
      img.alt = altBase + (text ? ". " + text : "");
      root.setAttribute("data-frame", String(data.wide.index[flat]));
    }

    function used() {
      img.loading = "eager";
      update();
      prefetchAround(current);
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", used);
      input.addEventListener("change", used);
      input.addEventListener("focus", function () { prefetchAround(current); });
      input.disabled = false;
    });
    if (narrowQuery && narrowQuery.addEventListener) {
      narrowQuery.addEventListener("change", function () { prefetchAround(current); });
    }
    update(); // the browser may have restored control positions (back button)
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          observer.disconnect();
          prefetchAround(current);
        }
      }, {rootMargin: "0px"});
      observer.observe(root);
    }
    root.setAttribute("data-origami-ready", "1");
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".origami-interactive"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
