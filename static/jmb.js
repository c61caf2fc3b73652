// jmb's pages work without this script; it only adds conveniences:
//  - "Copy" buttons beside link fields (the fields stay selectable without it);
//  - duration presets on the booking form;
//  - each time also in the browser's zone, when that is not the server's;
//  - forms marked data-once cannot be sent twice by a double click;
//  - the error summary of a refused form takes the focus.
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var announcer = doc.getElementById('announcer');

  function announce(text) {
    if (!announcer) { return; }
    announcer.textContent = '';
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function each(selector, f) {
    Array.prototype.forEach.call(doc.querySelectorAll(selector), f);
  }

  // Copy buttons: <button data-copy="field-id" data-copied="Copied." hidden>.
  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.focus();
    field.select();
    return new Promise(function (resolve, reject) {
      try {
        if (doc.execCommand('copy')) { resolve(); } else { reject(new Error('copy refused')); }
      } catch (e) { reject(e); }
    });
  }
  each('button[data-copy]', function (button) {
    var field = doc.getElementById(button.getAttribute('data-copy'));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      copyText(field).then(function () {
        announce(button.getAttribute('data-copied') || '');
        button.classList.add('done');
      }, function () {
        field.focus();
        field.select();
      });
    });
  });
  each('input[readonly][data-select]', function (field) {
    field.addEventListener('focus', function () { field.select(); });
  });

  // Duration presets: buttons that fill the number field they are for.
  each('[data-presets-for]', function (group) {
    var field = doc.getElementById(group.getAttribute('data-presets-for'));
    if (!field) { return; }
    var buttons = group.querySelectorAll('button[data-minutes]');
    function mark() {
      Array.prototype.forEach.call(buttons, function (b) {
        b.setAttribute('aria-pressed', String(b.getAttribute('data-minutes') === field.value));
      });
    }
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener('click', function () {
        field.value = b.getAttribute('data-minutes');
        mark();
      });
    });
    field.addEventListener('input', mark);
    mark();
    group.hidden = false;
  });

  // Times in the browser's zone too, when it differs from the one the page is written in.
  var serverZone = root.getAttribute('data-tz');
  var browserZone = '';
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { browserZone = ''; }
  if (serverZone && browserZone && serverZone !== browserZone && window.Intl) {
    var format = new Intl.DateTimeFormat(root.lang || undefined, {
      weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
      timeZone: browserZone
    });
    each('time[data-local]', function (t) {
      var when = new Date(t.getAttribute('datetime'));
      if (isNaN(when.getTime())) { return; }
      var local = doc.createElement('small');
      local.className = 'local-time';
      local.textContent = ' (' + format.format(when) + ')';
      t.parentNode.insertBefore(local, t.nextSibling);
    });
    each('[data-tz-note]', function (p) {
      var note = p.getAttribute('data-tz-note');
      if (note) { p.textContent = p.textContent + ' ' + note.replace('{tz}', browserZone); }
    });
  }

  // A second click on a form that books or starts something would do it twice.
  each('form[data-once]', function (form) {
    form.addEventListener('submit', function () {
      // After the browser has read the clicked button's name and value.
      setTimeout(function () {
        Array.prototype.forEach.call(form.querySelectorAll('button[type=submit]'), function (b) {
          b.disabled = true;
        });
      }, 0);
    });
  });

  // Coming back to a page kept in the browser's cache: its buttons work again.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      each('form[data-once] button[type=submit]', function (b) { b.disabled = false; });
    }
  });

  var summary = doc.querySelector('[data-focus-on-load]');
  if (summary) { summary.focus(); }
}());
