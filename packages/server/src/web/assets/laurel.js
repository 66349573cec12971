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
