/* After signing out, the phone forgets its copy of the quick log (the team's neighbourhoods and groups),
   so the next person to pick up the phone does not see it. Contacts kept on the phone and not yet sent
   stay: they are sent once their worker signs in again. */
if (window.caches && /[?&]signed-out=1/.test(window.location.search)) {
  caches.keys().then(function (names) {
    names.filter(function (name) { return name.indexOf("coprod-") === 0; })
      .forEach(function (name) { caches.delete(name); });
  });
}
