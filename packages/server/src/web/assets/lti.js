// Laurel's pages inside a learning platform (LTI). Progressive enhancement: each page also works with
// JavaScript off (a button does what the script does).
// - A form marked data-lti-autopost (the deep-linking response) is submitted to the platform at once.
// - A page marked data-lti-close (dynamic registration done) tells the platform's window, which opened
//   Laurel in a frame or a new window, that it may close it (LTI Dynamic Registration 1.0 §3.7).
// - A page marked data-lti-relay (the "sign in first" page inside the platform's frame) passes that
//   message on from the window it opened for signing in, which cannot reach the platform itself.
(function () {
  var CLOSE = { subject: 'org.imsglobal.lti.close' };
  var form = document.querySelector('form[data-lti-autopost]');
  if (form) form.submit();
  if (document.querySelector('[data-lti-close]')) {
    var target = window.opener || (window.parent !== window ? window.parent : null);
    if (target) target.postMessage(CLOSE, '*');
  }
  if (document.querySelector('[data-lti-relay]') && window.parent !== window) {
    window.addEventListener('message', function (e) {
      if (e.origin === window.location.origin && e.data && e.data.subject === CLOSE.subject) window.parent.postMessage(CLOSE, '*');
    });
  }
})();
