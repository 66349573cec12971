// Search-as-you-type for the inventory page. Progressive enhancement only: without it the page is a
// plain GET form. It fetches the same URL the form would submit and swaps in the results and filters,
// so counts and links come from the server exactly as they would on a full page load.
(function () {
  var form = document.getElementById('inventory-form');
  var input = document.getElementById('q');
  if (!form || !input || !window.fetch || !window.DOMParser || !window.history) return;
  var timer = null;
  var controller = null;

  function urlFor() {
    var params = new URLSearchParams(new FormData(form));
    params.delete('page');
    var keys = [];
    params.forEach(function (v, k) { if (v === '') keys.push(k); });
    keys.forEach(function (k) { params.delete(k); });
    var qs = params.toString();
    return '/inventory' + (qs ? '?' + qs : '');
  }

  // The filters and results are replaced, so what the visitor had open and focused is carried over: the
  // "Show all" disclosures they opened, and the checkbox or select they just used (else focus would drop
  // to <body> and a keyboard user would start again from the top of the page).
  function swap(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.querySelector('#inventory-form .grid-row');
    var current = form.querySelector('.grid-row');
    if (!fresh || !current) return;
    var active = document.activeElement;
    var focusId = active && active.id && current.contains(active) ? active.id : null;
    var open = [];
    current.querySelectorAll('details[data-facet]').forEach(function (d) { if (d.open) open.push(d.getAttribute('data-facet')); });
    fresh.querySelectorAll('details[data-facet]').forEach(function (d) { if (open.indexOf(d.getAttribute('data-facet')) >= 0) d.open = true; });
    current.replaceWith(fresh);
    document.title = doc.title;
    var again = focusId ? document.getElementById(focusId) : null;
    if (again) {
      var fold = again.closest('details');
      if (fold) fold.open = true;
      again.focus({ preventScroll: true });
    }
  }

  function run() {
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var url = urlFor();
    fetch(url, { headers: { accept: 'text/html' }, signal: controller ? controller.signal : undefined })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        swap(html);
        history.replaceState(null, '', url);
      })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener('change', function (e) {
    if (e.target && e.target.matches && e.target.matches('input[type=checkbox], select')) run();
  });
})();
