// Progressive enhancement only; every page works without it.
// USWDS hides the page behind the open mobile menu with aria-hidden, which leaves those elements
// focusable. Mirror each such change as `inert` so keyboard focus really stays in the menu (WCAG 2.4.3).
(function () {
  var observer = new MutationObserver(function (records) {
    records.forEach(function (r) {
      var el = r.target;
      if (el.getAttribute('aria-hidden') === 'true') el.setAttribute('inert', '');
      else el.removeAttribute('inert');
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['aria-hidden'], subtree: true });
})();

// Character counts (GOV.UK's character count pattern): a text area with data-count-max has its count,
// rendered by the server, updated as the user types. The visible count is hidden from screen readers
// while it changes; a polite live region says the same once typing pauses (one announcement, not one
// per key press). Nothing blocks typing past the limit: saving says what is too long.
(function () {
  function words(length, max) {
    var left = max - length;
    var n = function (k) { return k.toLocaleString('en-US') + ' character' + (k === 1 ? '' : 's'); };
    var limit = ' (limit ' + max.toLocaleString('en-US') + ')';
    return left >= 0 ? 'You have ' + n(left) + ' remaining' + limit : 'You have ' + n(-left) + ' too many' + limit;
  }
  document.querySelectorAll('textarea[data-count-max]').forEach(function (area) {
    var max = Number(area.getAttribute('data-count-max'));
    var status = document.getElementById(area.id + '-count');
    if (!max || !status) return;
    var live = document.createElement('div');
    live.className = 'usa-sr-only';
    live.id = area.id + '-count-live';
    live.setAttribute('aria-live', 'polite');
    status.parentNode.insertBefore(live, status.nextSibling);
    status.setAttribute('aria-hidden', 'true');
    var timer = null;
    var update = function () {
      var text = words(area.value.length, max);
      status.textContent = text;
      status.classList.toggle('laurel-char-count--over', area.value.length > max);
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { live.textContent = text; }, 1000);
    };
    area.addEventListener('input', update);
  });
})();
