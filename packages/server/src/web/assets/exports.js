// Live progress of a complete export: polls GET /api/v1/exports/{id} and updates the bar and its words;
// when the export is ready (or failed) the page reloads to show the download. Without JavaScript the page
// has a "Check progress" link instead (no timed refresh: WCAG 2.2.1).
(function () {
  var box = document.querySelector('[data-export-url]');
  if (!box) return;
  var bar = box.querySelector('progress');
  var text = box.querySelector('[data-progress-text]');
  var url = box.getAttribute('data-export-url');
  function fmt(n) {
    return Number(n).toLocaleString('en-US');
  }
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (e) {
        if (!e) return setTimeout(poll, 3000);
        if (e.state !== 'queued' && e.state !== 'running') return window.location.reload();
        var p = e.progress || { done: 0, total: 0, phase: '' };
        var pct = p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
        bar.max = Math.max(1, p.total);
        bar.value = p.done;
        bar.textContent = pct + '%';
        text.textContent = e.state === 'queued' ? 'Waiting for a free worker to start.' : p.phase + ': ' + fmt(p.done) + ' of ' + fmt(p.total) + ' items (' + pct + '%).';
        setTimeout(poll, 1500);
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  }
  setTimeout(poll, 1000);
})();
