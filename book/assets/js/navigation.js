/*
 * Navigation fixes for the book's theme (written for the book; loaded on every page
 * through `html_js_files` in _config.yml). Tested with the versions pinned in
 * requirements.txt (sphinx-book-theme 1.3.0, pydata-sphinx-theme 0.17.1,
 * sphinx-togglebutton 0.4.5) by tests/test_navigation.py.
 *
 * 1. Sidebar buttons. The page has two buttons of each kind, `.primary-toggle` and
 *    `.secondary-toggle`: one in the top navbar, which the book theme hides, and the
 *    visible one in the article header ("Toggle primary sidebar", "Toggle secondary
 *    sidebar"). Both themes bind their click handlers to the *first* of each kind
 *    (`document.querySelector`), the hidden one, so the visible buttons did nothing at
 *    any width. A click on any other button of the kind is passed on to the bound one,
 *    so the themes' own behaviour runs: a dialog with the chapter list or the page's
 *    contents on narrow screens, collapsing the chapter list on wide ones.
 *
 * 2. Links into collapsed blocks. A solution (`.admonition.toggle.toggle-hidden`, from
 *    sphinx-togglebutton) or a `<details>` block keeps its content in the page with no
 *    height, so a link to something inside it scrolled to an empty box. When the
 *    address names an element inside collapsed blocks (on load and on `hashchange`),
 *    they are opened and the element is scrolled into view.
 *
 * 3. Solution titles. sphinx-togglebutton makes a solution's whole title bar a toggle,
 *    but its handler fails when the click lands on anything inside the title (a link,
 *    the caption), and the title "Solution to Exercise 2.1 (...)" is mostly a link to the
 *    exercise, so a click on the bar often jumped to the exercise instead. The title
 *    becomes plain text; a click anywhere on the bar opens or closes the solution, and
 *    a small separate link ("↑ exercise") at its end still leads to the exercise.
 *
 * `window.origamiReveal(element)` (2.) is also used by search.js.
 */
(function () {
  "use strict";

  // ----------------------------------------------------------------------------------
  // Collapsed blocks

  /** True if `element` is inside `block`'s always-visible part (its summary or title). */
  function inHeading(element, block) {
    var heading = element.closest(block.tagName === "DETAILS" ? "summary" : ".admonition-title");
    return Boolean(heading) && heading.parentElement === block;
  }

  /** The collapsed blocks that hide `element` (itself included), outermost first. */
  function collapsedAround(element) {
    var blocks = [];
    for (var node = element; node && node !== document.body; node = node.parentElement) {
      var closed = node.tagName === "DETAILS" ? !node.open
        : node.classList.contains("toggle") && node.classList.contains("toggle-hidden");
      if (closed && (node === element || !inHeading(element, node))) {
        blocks.unshift(node);
      }
    }
    return blocks;
  }

  /** Opens or closes a togglebutton admonition through its own button. */
  function setToggle(admonition, open) {
    if (admonition.classList.contains("toggle-hidden") !== open) {
      return;
    }
    var button = admonition.querySelector(":scope > .admonition-title .toggle-button");
    if (button && typeof window.toggleHidden === "function") {
      window.toggleHidden(button); // sphinx-togglebutton's own function (classes, aria-expanded, hint)
    } else {
      admonition.classList.toggle("toggle-hidden", !open);
      if (button) {
        button.classList.toggle("toggle-button-hidden", !open);
        button.setAttribute("aria-expanded", String(open));
      }
    }
  }

  /** Opens every collapsed block around `element`; true if any was closed. */
  function openAround(element) {
    var blocks = collapsedAround(element);
    blocks.forEach(function (block) {
      if (block.tagName === "DETAILS") {
        block.open = true;
      } else {
        setToggle(block, true);
      }
    });
    return blocks.length > 0;
  }

  /**
   * Shows `element`: opens the collapsed blocks around it and, if `scroll` is not false,
   * scrolls it to the top of the window (below the sticky header, which the theme's
   * `scroll-padding-top` accounts for). Returns true if a block was opened.
   */
  function reveal(element, scroll) {
    var opened = openAround(element);
    if (scroll !== false) {
      element.scrollIntoView({ block: "start" });
    }
    return opened;
  }
  window.origamiReveal = reveal;

  /** The element the address's fragment names, or null. */
  function hashTarget() {
    var id = window.location.hash.slice(1);
    if (!id) {
      return null;
    }
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      // a malformed escape: look the fragment up as written
    }
    return document.getElementById(id) || document.getElementsByName(id)[0] || null;
  }

  /** Opens and shows the fragment's target if it is inside a collapsed block. */
  function revealHashTarget() {
    var target = hashTarget();
    if (!target || !collapsedAround(target).length) {
      return;
    }
    reveal(target);
    // The browser scrolled to the empty box before the block opened, and typesetting
    // moves the text again: scroll once more when the page and its math have settled.
    var again = function () {
      if (hashTarget() === target) {
        target.scrollIntoView({ block: "start" });
      }
    };
    if (document.readyState === "complete") {
      window.setTimeout(again, 0);
    } else {
      window.addEventListener("load", again, { once: true });
    }
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
      window.MathJax.startup.promise.then(again);
    }
  }

  // ----------------------------------------------------------------------------------
  // Sidebar buttons

  function forwardSidebarToggles() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var bound = document.querySelector(selector); // the button the themes listen to
      if (!bound) {
        return;
      }
      document.querySelectorAll(selector).forEach(function (button) {
        if (button === bound) {
          return;
        }
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          bound.click();
        });
      });
    });
  }

  // ----------------------------------------------------------------------------------
  // Solution titles

  var EXERCISE_LINK_CLASS = "origami-exercise-link";

  function fixSolutionTitle(title) {
    var admonition = title.parentElement;
    var link = title.querySelector("a[href]:not(." + EXERCISE_LINK_CLASS + ")");
    if (link) {
      // The link's text ("Exercise 2.1 (...)") stays in the title as plain text.
      var text = document.createElement("span");
      text.className = "origami-exercise-name";
      while (link.firstChild) {
        text.appendChild(link.firstChild);
      }
      link.replaceWith(text);
      var small = document.createElement("a");
      small.className = EXERCISE_LINK_CLASS;
      small.href = link.getAttribute("href");
      small.textContent = "↑ exercise";
      small.title = "Go to the exercise";
      small.setAttribute("aria-label", "Go to " + text.textContent.trim());
      var button = title.querySelector(".toggle-button");
      title.insertBefore(small, button);
    }
    // Capture phase, on the title itself: runs before togglebutton's own handler on the
    // title (which is skipped, as it fails for clicks on the title's inner elements).
    title.addEventListener("click", function (event) {
      event.stopImmediatePropagation();
      if (event.target.closest && event.target.closest("." + EXERCISE_LINK_CLASS)) {
        return; // the link to the exercise: let the browser follow it
      }
      event.preventDefault();
      setToggle(admonition, admonition.classList.contains("toggle-hidden"));
    }, true);
  }

  function fixSolutionTitles() {
    document.querySelectorAll(".admonition.toggle > .admonition-title").forEach(fixSolutionTitle);
  }

  // ----------------------------------------------------------------------------------

  function start() {
    forwardSidebarToggles();
    fixSolutionTitles();
    revealHashTarget();
    window.addEventListener("hashchange", revealHashTarget);
  }

  // After sphinx-togglebutton (loaded before this file) has set up its blocks.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
