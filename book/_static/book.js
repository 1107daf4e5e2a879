/*
 * On every page of the book (added by book/_ext/nncourse_book.py).
 *
 * The sidebar buttons. The theme (pydata-sphinx-theme, under sphinx-book-theme)
 * binds the "site navigation" and "on this page" handlers to the FIRST
 * .primary-toggle and .secondary-toggle of the page: buttons in the top bar that
 * sphinx-book-theme hides. The buttons a reader sees are the ones in the
 * article's header, and on a phone they did nothing. Here every other toggle
 * forwards its click to the first, which opens the drawer (narrow screens) or
 * hides and shows the sidebar (wide screens, sphinx-book-theme's own handler).
 */
(function () {
  "use strict";

  function forwardToggles(selector) {
    var buttons = document.querySelectorAll(selector);
    var first = buttons[0];
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        first.click();
      });
    });
  }

  function ready() {
    forwardToggles(".primary-toggle");
    forwardToggles(".secondary-toggle");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
