// Laurel's pages inside a learning platform (LTI). Progressive enhancement: each page also works with
// JavaScript off (a button does what the script does).
// - A form marked data-lti-autopost (the deep-linking response) is submitted to the platform at once.
// - A page marked data-lti-close (dynamic registration done) tells the platform's window, which opened
//   Laurel in a frame or a window of its own, that it may close it (LTI Dynamic Registration 1.0 §3.7).
(function () {
  var form = document.querySelector('form[data-lti-autopost]');
  if (form) form.submit();
  if (document.querySelector('[data-lti-close]')) {
    var target = window.opener || (window.parent !== window ? window.parent : null);
    if (target) target.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
  }
})();
