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

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.querySelector('#inventory-form .grid-row');
    var current = form.querySelector('.grid-row');
    if (fresh && current) current.replaceWith(fresh);
    document.title = doc.title;
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
