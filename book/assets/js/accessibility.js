/*
 * Accessibility fixes for the theme's and the extensions' markup (WCAG 2.1 AA; issue 15).
 * Loaded on every page through `html_js_files` in _config.yml; tested by
 * tests/test_accessibility.py (axe-core on every page, keyboard focus, skip link) with the
 * versions pinned in requirements.txt (pydata-sphinx-theme 0.17.1, sphinx-book-theme 1.3.0,
 * myst-nb, docutils). The colours and focus indicators are in css/accessibility.css.
 *
 * 1. Accessible names that contain the visible text (WCAG 2.5.3, "Label in Name"):
 *    - the theme's search field button shows "Search Ctrl+K" but was named "Search" by an
 *      aria-label: the label goes, so its name is what it shows (the shortcut is announced
 *      through aria-keyshortcuts);
 *    - the colour-mode button's icons are Font Awesome SVGs titled "Light", "Dark", "System
 *      Settings", text the button's name "Color mode" did not contain: the icons are
 *      decorative (aria-hidden, no title), the button keeps its name;
 *    - myst-nb's "Show code cell source" toggles (`<summary aria-label="Toggle hidden
 *      content">`): the aria-label goes, so the summary is named by its visible text.
 * 2. The bibliography (docutils' citation list): its entries had the deprecated DPUB role
 *    `doc-biblioentry` inside a `role="list"`, which may only hold list items; each entry
 *    becomes a `listitem`.
 * 3. The skip link ("Skip to main content") moved the view but not the keyboard focus (the
 *    main element was not focusable): the main content is made focusable by script only
 *    (tabindex="-1"), so following the link puts the focus there and the next Tab goes on
 *    from the article's start.
 */
(function () {
  "use strict";

  /** Makes a Font Awesome icon (an <i> not yet converted, or its inline <svg>) decorative. */
  function decorativeIcon(icon) {
    icon.removeAttribute("title");
    icon.removeAttribute("aria-labelledby");
    icon.setAttribute("aria-hidden", "true");
    if (icon.tagName.toLowerCase() === "svg") {
      icon.removeAttribute("role");
      icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
    }
  }

  function fixNames() {
    document.querySelectorAll(".search-button__button").forEach(function (button) {
      // Only the button that shows text: the icon-only one keeps its aria-label "Search".
      if (button.querySelector(".search-button__default-text")) {
        button.removeAttribute("aria-label");
        button.setAttribute("aria-keyshortcuts", "Control+K Meta+K");
      }
    });
    document.querySelectorAll(".theme-switch-button .theme-switch").forEach(decorativeIcon);
    document.querySelectorAll("details.hide > summary[aria-label]").forEach(function (summary) {
      summary.removeAttribute("aria-label");
    });
  }

  function fixBibliography() {
    document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]').forEach(function (entry) {
      entry.setAttribute("role", "listitem");
    });
  }

  function fixSkipLink() {
    var main = document.getElementById("main-content");
    if (main && !main.hasAttribute("tabindex")) {
      main.setAttribute("tabindex", "-1");
    }
    document.querySelectorAll('.skip-link a[href="#main-content"]').forEach(function (link) {
      link.addEventListener("click", function () {
        // Chromium and Firefox focus a focusable fragment target themselves; Safari may not.
        if (main) {
          window.setTimeout(function () {
            if (!main.contains(document.activeElement)) {
              main.focus({ preventScroll: true });
            }
          }, 0);
        }
      });
    });
  }

  function fixAll() {
    fixNames();
    fixBibliography();
    fixSkipLink();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fixAll);
  } else {
    fixAll();
  }
})();
