// Shows the meeting inside jmb's page with Jitsi Meet's IFrame API (external_api.js, loaded
// before this script from the configured Jitsi site). Everything it needs is in the
// data-* attributes of #meet; without the API (blocked, offline) the plain link stays.
(function () {
  'use strict';
  var box = document.getElementById('meet');
  var fallback = document.getElementById('meet-fallback');
  if (!box || typeof window.JitsiMeetExternalAPI !== 'function') { return; }
  var d = box.dataset;
  var options = {
    roomName: d.room,
    parentNode: box,
    width: '100%',
    height: '100%',
    lang: d.lang,
    userInfo: { displayName: d.name, email: d.email },
    configOverwrite: { subject: d.subject, prejoinConfig: { enabled: true } }
  };
  if (d.jwt) { options.jwt = d.jwt; }
  var api;
  try {
    api = new window.JitsiMeetExternalAPI(d.domain, options);
  } catch (e) {
    return;
  }
  if (fallback) { fallback.hidden = true; }
  // Only a moderator may set the subject everyone sees.
  if (d.moderator === 'true' && d.subject) {
    api.addListener('videoConferenceJoined', function () {
      api.executeCommand('subject', d.subject);
    });
  }
  api.addListener('readyToClose', function () {
    if (d.done) { window.location.assign(d.done); }
  });
}());
