// Passkey ceremonies on the forms web/components/passkey-ceremony.tsx draws: fetch the options (JSON,
// with the form's CSRF token in the body, as every form post carries it), ask the browser for the passkey
// through @simplewebauthn/browser (served as /assets/simplewebauthn/index.umd.min.js), put its answer in
// the hidden `credential` field and submit the form; the server answers with an ordinary page. Problems
// on this side (cancelled, timed out, no passkey here) are said in the form's aria-live status line.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-passkey]');
  if (!forms.length) return;
  var W = window.SimpleWebAuthnBrowser;
  var supported = Boolean(W && W.browserSupportsWebAuthn());

  function messageFor(err, mode) {
    if (err && err.problem) return err.problem.detail || 'Something went wrong. Reload the page and try again.';
    var name = err && err.name;
    if (name === 'NotAllowedError' || name === 'AbortError') return 'The passkey request was cancelled or timed out. Select the button to try again.';
    if (name === 'InvalidStateError') return mode === 'register' ? 'This device already holds a passkey for your account. Use another device or security key.' : 'This device has none of your passkeys. Use another device or security key.';
    if (name === 'SecurityError') return 'This browser refused passkeys for this site address. Open Laurel at its usual address and try again.';
    if (err instanceof TypeError) return 'Laurel could not be reached. Check your connection and try again.';
    return 'Your browser could not use a passkey. Try again, or use another way to sign in.';
  }

  function postJson(url, csrf) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ _csrf: csrf }),
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) {
          var e = new Error(body.detail);
          e.problem = body;
          throw e;
        }
        return body;
      });
    });
  }

  Array.prototype.forEach.call(forms, function (form) {
    var mode = form.getAttribute('data-passkey');
    var nojs = form.querySelector('[data-passkey-nojs]');
    if (!supported) {
      var why = form.querySelector('[data-passkey-why]');
      if (why) why.textContent = 'This browser cannot use passkeys.';
      return;
    }
    var button = form.querySelector('[data-passkey-start]');
    var status = form.querySelector('[data-passkey-status]');
    Array.prototype.forEach.call(form.querySelectorAll('[data-passkey-js]'), function (el) {
      el.hidden = false;
    });
    nojs.hidden = true;
    function say(text, isError) {
      status.textContent = text;
      status.className = isError ? 'margin-top-1 usa-error-message' : 'margin-top-1';
    }
    button.addEventListener('click', function () {
      button.disabled = true;
      say('Waiting for your passkey…', false);
      postJson(form.getAttribute('data-passkey-options'), form.elements._csrf.value)
        .then(function (options) {
          return mode === 'register' ? W.startRegistration({ optionsJSON: options }) : W.startAuthentication({ optionsJSON: options });
        })
        .then(function (answer) {
          form.elements.credential.value = JSON.stringify(answer);
          say('Checking your passkey…', false);
          form.submit();
        })
        .catch(function (err) {
          button.disabled = false;
          say(messageFor(err, mode), true);
        });
    });
  });
})();
