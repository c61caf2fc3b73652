// Invitee autocompletion for the booking form, without a framework: each lookup field
// (data-directory-for = the textarea it adds to) fills its <datalist> from the directory
// API; picking a suggestion appends "Name <mail>" as a new line to that textarea.
// Without this script the lookup fields stay hidden and the form works as before.
(function () {
  'use strict';
  var fields = document.querySelectorAll('input[data-directory-for]');
  Array.prototype.forEach.call(fields, function (input) {
    var target = document.getElementById(input.getAttribute('data-directory-for'));
    var list = document.getElementById(input.getAttribute('list'));
    var api = input.getAttribute('data-directory-url');
    if (!target || !list || !api) { return; }
    input.parentNode.hidden = false;
    var timer = null;
    var asked = '';
    var shown = [];

    function clear() {
      list.textContent = '';
      shown = [];
    }

    function add(line) {
      var text = target.value.replace(/\s+$/, '');
      if (text.split('\n').map(function (l) { return l.trim(); }).indexOf(line) === -1) {
        target.value = text ? text + '\n' + line : line;
      }
      input.value = '';
      asked = '';
      clear();
    }

    function lookup(q) {
      asked = q;
      fetch(api + '?q=' + encodeURIComponent(q), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      }).then(function (r) {
        return r.ok ? r.json() : [];
      }).then(function (people) {
        if (q !== asked) { return; }
        clear();
        people.forEach(function (p) {
          var line = p.name ? p.name + ' <' + p.email + '>' : p.email;
          var option = document.createElement('option');
          option.value = line;
          list.appendChild(option);
          shown.push(line);
        });
      }).catch(clear);
    }

    input.addEventListener('input', function () {
      if (shown.indexOf(input.value) !== -1) { add(input.value); return; }
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2 || q === asked) { return; }
      timer = setTimeout(function () { lookup(q); }, 200);
    });
  });
}());
