// planmon: progressive enhancement only. Every page works without this
// file; it only saves clicks. Loaded with `defer` from /static/ (the
// Content-Security-Policy allows no inline script).
'use strict';

document.addEventListener('DOMContentLoaded', function () {
  // Unit and year choosers submit themselves when changed.
  document.querySelectorAll('form.filters select').forEach(function (sel) {
    sel.addEventListener('change', function () {
      sel.form.submit();
    });
  });
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
