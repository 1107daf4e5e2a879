/*
 * Loaded before require.js and the ipywidgets HTML manager, on pages that embed
 * widget state only (_config.yml: nb_ipywidgets_js). It fixes two things so that
 * the widgets render with no network and a clean console:
 *
 * 1. require.js resolves module ids under <site root>/vendor/ instead of the
 *    page's folder. The HTML manager computes the URL of its icon fonts from the
 *    address require.js gives its own module, so the fonts are fetched from
 *    vendor/@jupyter-widgets/html-manager/dist/, where `make assets` put them.
 *    (window.__jupyter_widgets_assets_path__ is applied too late to help.)
 * 2. The HTML manager typesets widget labels with MathJax 2's
 *    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), which does not exist
 *    in MathJax 3: a small MathJax.Hub.Queue that calls MathJax 3's
 *    typesetPromise is added once MathJax 3 has loaded.
 */
(function () {
  "use strict";
  // This file is served at <site root>/js/widgets-setup.js.
  var vendor = new URL("../vendor/", document.currentScript.src).href;

  // require.js reads a plain object called `require` as its configuration.
  window.require = { baseUrl: vendor };

  // Widget labels write maths as $...$ (Jupyter's MathJax 2 setting); the book's
  // MathJax 3 only knows \(...\) and \[...\], so rewrite the delimiters, in
  // this element only, before typesetting it.
  function dollarsToDelimiters(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.nodeValue.indexOf("$") !== -1) {
        node.nodeValue = node.nodeValue
          .replace(/\$\$([^$]+)\$\$/g, "\\[$1\\]")
          .replace(/\$([^$]+)\$/g, "\\($1\\)");
      }
    }
  }

  function typeset(element) {
    var mj = window.MathJax;
    if (element) {
      dollarsToDelimiters(element);
    }
    var ready = (mj.startup && mj.startup.promise) || Promise.resolve();
    ready
      .then(function () {
        return mj.typesetPromise(element ? [element] : undefined);
      })
      .catch(function (err) {
        console.warn("MathJax could not typeset a widget label:", err);
      });
  }

  function addHubShim() {
    var mj = window.MathJax;
    // Only the MathJax 3 object has typesetPromise; before it loads,
    // window.MathJax is its configuration, which MathJax replaces.
    if (!mj || typeof mj.typesetPromise !== "function" || mj.Hub) {
      return;
    }
    mj.Hub = {
      Queue: function () {
        Array.prototype.forEach.call(arguments, function (job) {
          if (Array.isArray(job) && job[0] === "Typeset") {
            typeset(job[2]);
          }
        });
      },
    };
  }

  // MathJax is loaded with `defer`: it has run before DOMContentLoaded, and the
  // HTML manager renders the widgets on `load`.
  document.addEventListener("DOMContentLoaded", addHubShim);
  window.addEventListener("load", addHubShim);
})();
