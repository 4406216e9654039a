// planmon: progressive enhancement only. Every page works without this
// file; it only saves clicks. Loaded with `defer` from /static/ (the
// Content-Security-Policy allows no inline script).
'use strict';

document.addEventListener('DOMContentLoaded', function () {
  // Unit and year choosers are submitted by their button only: a select
  // that submitted on change reloaded the page on every arrow key
  // (keyboard users could not get past the year they did not want).
  // A refused save: the first field in error takes the focus (and comes
  // into view), so that it is fixed without searching the page for it.
  var bad = document.querySelector('input[aria-invalid="true"]');
  if (bad) {
    bad.focus({ preventScroll: true });
    bad.scrollIntoView({ block: 'center' });
  }
  // A generated password can be selected with one click.
  document.querySelectorAll('code.secret').forEach(function (c) {
    c.addEventListener('click', function () {
      var range = document.createRange();
      range.selectNodeContents(c);
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(range);
    });
  });
});
