/*
 * Search fixes (written for the book; loaded on every page through `html_js_files` in
 * _config.yml, after Sphinx's searchtools.js, sphinx_highlight.js and navigation.js).
 * Tested with the Sphinx that jupyter-book 1.0.4 installs (7.4) by tests/test_navigation.py.
 *
 * 1. Highlighting on the page a reader lands on. The search page stores the searched
 *    words (`sphinx_highlight_terms` in localStorage); sphinx_highlight.js highlights them
 *    only on pages without searchtools.js, and the theme loads that script on every page
 *    (for its search dialog), so nothing was ever highlighted. Here the words are
 *    highlighted in the article (not the sidebars), with Sphinx's own function, and a
 *    "Hide Search Matches" link is offered as Sphinx does.
 *
 * 2. The first match is revealed: if it lies in a closed solution or `<details>` block
 *    (after the address's fragment, if there is one), the block is opened and the match
 *    scrolled into view (`origamiReveal`, navigation.js).
 *
 * 3. Snippets. Sphinx looks for the *stemmed* search words in the page's text (for
 *    "Zaslavsky", "zaslavski", which the text does not contain) and, failing, shows the
 *    start of the `main` element: the header's button labels ("...Binder"). Here the
 *    snippet comes from the article alone, around the first word whose stem is a
 *    searched stem.
 *
 * 4. Offline from the file system, browsers refuse `fetch` (each result logged an uncaught
 *    "Failed to fetch"): the search page then lists the results without snippets, quietly;
 *    a page that fails to load over http gives no snippet either, quietly.
 */
(function () {
  "use strict";

  var ARTICLE = "article.bd-article";

  function article(root) {
    return (root || document).querySelector(ARTICLE) || (root || document).querySelector('[role="main"]');
  }

  /** True on the search page (decided from the address: this runs before the page is parsed). */
  function isSearchPage() {
    var root = document.documentElement.dataset.content_root || "./";
    return new URL(root + "search.html", window.location.href).pathname === window.location.pathname;
  }

  // ----------------------------------------------------------------------------------
  // 1.-2. Highlight and reveal on the landing page

  /** The words the search page left for this page (as sphinx_highlight.js reads them). */
  function takeHighlightTerms() {
    var url = new URL(window.location.href);
    var stored = null;
    try {
      stored = window.localStorage.getItem("sphinx_highlight_terms");
      window.localStorage.removeItem("sphinx_highlight_terms");
    } catch (error) {
      // storage disabled: only the address can carry the words
    }
    var terms = stored || url.searchParams.get("highlight") || "";
    if (url.searchParams.has("highlight")) {
      url.searchParams.delete("highlight");
      window.history.replaceState(window.history.state, "", url);
    }
    return terms.toLowerCase().split(/\s+/).filter(function (term) { return term; });
  }

  function addHideLink() {
    var searchBox = document.getElementById("searchbox");
    if (!searchBox || searchBox.querySelector(".highlight-link") || typeof SphinxHighlight === "undefined") {
      return;
    }
    var paragraph = document.createElement("p");
    paragraph.className = "highlight-link";
    var link = document.createElement("a");
    link.href = "#";
    link.textContent = typeof _ === "function" ? _("Hide Search Matches") : "Hide Search Matches";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      SphinxHighlight.hideSearchWords();
    });
    paragraph.appendChild(link);
    searchBox.appendChild(paragraph);
  }

  /** The first match at or after the fragment's target (or in the whole article). */
  function firstMatch(root) {
    var matches = Array.prototype.slice.call(root.querySelectorAll("span.highlighted"));
    var id = window.location.hash.slice(1);
    var anchor = null;
    try {
      anchor = id && document.getElementById(decodeURIComponent(id));
    } catch (error) {
      anchor = id && document.getElementById(id);
    }
    if (anchor) {
      var after = matches.filter(function (match) {
        return anchor.contains(match) ||
          Boolean(anchor.compareDocumentPosition(match) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      if (after.length) {
        return after[0];
      }
    }
    return matches[0] || null;
  }

  function highlightLandingPage() {
    if (isSearchPage()) {
      return; // the search page highlights its own results
    }
    var terms = takeHighlightTerms();
    var root = article();
    if (!terms.length || !root) {
      return;
    }
    if (typeof _highlightText === "function") {
      terms.forEach(function (term) { _highlightText(root, term, "highlighted"); });
    } else {
      return; // a Sphinx without the helper: nothing to highlight with
    }
    addHideLink();
    var match = firstMatch(root);
    if (match && typeof window.origamiReveal === "function") {
      // Opens the blocks around the match; scrolls only if it was hidden in one.
      if (window.origamiReveal(match, false)) {
        match.scrollIntoView({ block: "center" });
      }
    }
  }

  // ----------------------------------------------------------------------------------
  // 3. Snippets

  var SNIPPET_CONTEXT = 120; // characters before the match, as Sphinx
  var SNIPPET_LENGTH = 240;
  var WORD = /[\p{L}\p{N}_]+/gu;

  /** The searchable part of a fetched page: the article, or its part `anchor` ("#id"). */
  function pagePart(htmlString, anchor) {
    var page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".headerlink, script, style, button, .toggle-button").forEach(function (el) {
      el.remove();
    });
    var part = null;
    if (anchor && anchor.charAt(0) === "#") {
      part = page.getElementById(decodeURIComponent(anchor.slice(1)));
    }
    return part || article(page);
  }

  /** The text of `root` on one line; without the code cells' source if `prose`. */
  function textOf(root, prose) {
    if (prose) {
      root = root.cloneNode(true);
      root.querySelectorAll(".cell_input, details.hide").forEach(function (el) { el.remove(); });
    }
    return root.textContent.replace(/\s+/g, " ").trim();
  }

  /** Where the first word whose stem (or itself) is one of `stems` starts, or -1. */
  function firstStemMatch(text, stems) {
    var stemmer = typeof Stemmer === "function" ? new Stemmer() : null;
    var wanted = Array.from(stems, function (stem) { return String(stem).toLowerCase(); });
    if (!wanted.length) {
      return -1;
    }
    var prefixes = wanted.map(function (stem) { return stem.slice(0, 3); });
    WORD.lastIndex = 0;
    for (var match = WORD.exec(text); match; match = WORD.exec(text)) {
      var word = match[0].toLowerCase();
      if (!prefixes.some(function (prefix) { return word.startsWith(prefix); })) {
        continue; // a stem keeps the word's first letters: skip the stemmer for the rest
      }
      if (wanted.indexOf(word) >= 0 || (stemmer && wanted.indexOf(stemmer.stemWord(word)) >= 0)) {
        return match.index;
      }
    }
    return -1;
  }

  function makeSearchSummary(htmlText, keywords, anchor) {
    var root = pagePart(htmlText, anchor);
    // The words in the prose if they are there, else in the code (an import, a function's name).
    var text = root ? textOf(root, true) : "";
    var at = firstStemMatch(text, keywords);
    if (at < 0 && root) {
      var all = textOf(root, false);
      var inCode = firstStemMatch(all, keywords);
      if (inCode >= 0) {
        text = all;
        at = inCode;
      }
    }
    var start = at > SNIPPET_CONTEXT ? at - SNIPPET_CONTEXT : 0;
    var summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "..." : "") + text.substr(start, SNIPPET_LENGTH).trim() +
      (start + SNIPPET_LENGTH < text.length ? "..." : "");
    return summary;
  }

  // ----------------------------------------------------------------------------------
  // 4. Fetching the result pages

  function quietFetch() {
    var fetchPage = window.fetch;
    if (typeof fetchPage !== "function") {
      return;
    }
    var root = new URL(document.documentElement.dataset.content_root || "./", window.location.href).href;
    window.fetch = function (resource, options) {
      var url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
      if (!url.href.startsWith(root) || !/\.html$/.test(url.pathname)) {
        return fetchPage.apply(this, arguments); // not one of the book's pages
      }
      if (url.protocol === "file:") {
        // Browsers do not fetch from the file system: no snippet, and no error either.
        return Promise.resolve(new Response(""));
      }
      return fetchPage.apply(this, arguments).then(function (response) {
        return response.ok ? response : new Response("");
      }, function () {
        return new Response("");
      });
    };
  }

  // ----------------------------------------------------------------------------------

  if (isSearchPage()) {
    quietFetch(); // before searchtools.js runs the query (on DOMContentLoaded)
  }
  function start() {
    if (typeof Search !== "undefined") {
      // searchtools.js is loaded after this file; a result's snippet is made after its
      // page has been fetched, so replacing the function now is in time.
      Search.makeSearchSummary = makeSearchSummary;
    }
    if (!isSearchPage()) {
      highlightLandingPage();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
