/* Static interactive figures of ReLU Origami (origami.interactive).
 *
 * Each figure is a <div class="origami-interactive"> holding its controls (range inputs,
 * selects, checkboxes with a data-control index), an <img class="origami-frame"> and a
 * <script type="application/json" class="origami-data"> with every frame rendered when the
 * book was built:
 *   {version, mime, controls: [{name, kind, labels, default}], shape: [n0, n1, ...],
 *    index: [distinct frame of each grid point, row-major, last control fastest],
 *    frames: [base64, ...]}
 * Moving a control shows the frame of the new grid point. No kernel, no network.
 */
(function () {
  "use strict";

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
    var inputs = [];
    Array.prototype.forEach.call(root.querySelectorAll("[data-control]"), function (el) {
      inputs[parseInt(el.getAttribute("data-control"), 10)] = el;
    });
    var prefix = "data:" + data.mime + ";base64,";
    var altBase = img.getAttribute("alt") || "";

    function update() {
      var flat = 0;
      var shown = [];
      data.controls.forEach(function (control, i) {
        var k = Math.min(Math.max(position(inputs[i]), 0), data.shape[i] - 1);
        flat = flat * data.shape[i] + k;
        var label = control.labels[k];
        shown.push(control.name + " = " + label);
        var readout = inputs[i].parentNode.querySelector("output");
        if (readout) readout.textContent = label;
        if (inputs[i].type === "range") inputs[i].setAttribute("aria-valuetext", label);
      });
      var frame = data.index[flat];
      if (root.getAttribute("data-frame") !== String(frame)) {
        img.src = prefix + data.frames[frame];
        root.setAttribute("data-frame", String(frame));
      }
      img.alt = altBase + (shown.length ? " (" + shown.join(", ") + ")" : "");
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
      input.disabled = false;
    });
    update(); // the browser may have restored control positions (back button)
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
