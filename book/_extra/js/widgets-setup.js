/*
 * Loaded before the ipywidgets HTML manager (its plain bundle, embed.js, which
 * finds its icon fonts next to itself), on pages that embed widget state only
 * (_config.yml: nb_ipywidgets_js). It does two things for the widgets:
 *
 * 1. The HTML manager typesets widget labels with MathJax 2's
 *    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), which does not exist
 *    in MathJax 3: a small MathJax.Hub.Queue that calls MathJax 3's
 *    typesetPromise is added once MathJax 3 has loaded.
 * 2. A slider's handle (noUiSlider, role="slider") has no accessible name and
 *    announces its index ("3"), not the value the reader sees ("0.5"). Each
 *    handle gets the slider's label as aria-label and the read-out as
 *    aria-valuetext, kept up to date as it moves; the read-out itself, which
 *    repeats the value, is hidden from screen readers, and is no longer
 *    editable (typing in it did nothing: the frames are fixed).
 */
(function () {
  "use strict";

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

  // The text of a label as a screen reader should hear it: typeset maths by
  // the MathML MathJax keeps for assistive technology, not its glyphs.
  function spokenText(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("mjx-container").forEach(function (math) {
      var mml = math.querySelector("mjx-assistive-mml");
      math.replaceWith(mml ? mml.textContent : "");
    });
    return copy.textContent.replace(/\$/g, "").replace(/\s+/g, " ").trim();
  }

  function labelSlider(slider) {
    var handle = slider.querySelector(".noUi-handle");
    var label = slider.querySelector(".widget-label");
    var readout = slider.querySelector(".widget-readout");
    if (!handle || !readout) {
      return false;
    }
    function update() {
      // a selection slider's read-out only shows the value: it is not a text box
      readout.setAttribute("contenteditable", "false");
      if (label) {
        handle.setAttribute("aria-label", spokenText(label));
      }
      handle.setAttribute("aria-valuetext", readout.textContent.trim());
    }
    readout.setAttribute("aria-hidden", "true");
    update();
    // the read-out changes when the slider moves; the label when MathJax typesets it
    var observer = new MutationObserver(update);
    observer.observe(readout, { childList: true, characterData: true, subtree: true });
    if (label) {
      observer.observe(label, { childList: true, characterData: true, subtree: true });
    }
    return true;
  }

  function labelSliders(root) {
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      if (!slider.dataset.nnLabelled && labelSlider(slider)) {
        slider.dataset.nnLabelled = "yes";
      }
    });
  }

  function watchWidgets() {
    labelSliders(document);
    new MutationObserver(function () {
      labelSliders(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  // MathJax is loaded with `defer`: it has run before DOMContentLoaded, and the
  // HTML manager renders the widgets on `load`.
  document.addEventListener("DOMContentLoaded", addHubShim);
  document.addEventListener("DOMContentLoaded", watchWidgets);
  window.addEventListener("load", addHubShim);
})();
