// Live progress of a bulk issue (or a revoke / suspend file): polls the JSON progress endpoint and updates the bar and counts. The
// page works without it (a "Refresh" link); when the job finishes, the page reloads to show the results.
(function () {
  var box = document.querySelector('[data-progress-url]');
  if (!box || box.getAttribute('data-finished') === 'true') return;
  var bar = box.querySelector('progress');
  var text = box.querySelector('[data-progress-text]');
  var url = box.getAttribute('data-progress-url');
  var doneWord = box.getAttribute('data-done-word') || 'issued';
  function fmt(n) {
    return Number(n).toLocaleString('en-US');
  }
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (p) {
        if (!p) return setTimeout(poll, 3000);
        bar.value = p.percent;
        bar.textContent = p.percent + '%';
        text.textContent = (p.finished ? 'Finished: ' : p.percent + '% done: ') + fmt(p.done !== undefined ? p.done : p.issued) + ' ' + doneWord + ', ' + fmt(p.failed) + ' failed, ' + fmt(p.pending) + ' waiting.';
        if (p.finished) {
          box.setAttribute('data-finished', 'true');
          setTimeout(function () {
            window.location.reload();
          }, 800);
        } else setTimeout(poll, 1000);
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  }
  setTimeout(poll, 500);
})();
