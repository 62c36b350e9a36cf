/* coprod's service worker: keeps the quick log and what it loads, so a worker who has opened
   it once while signed in can open it again with no signal. Only these addresses are kept; every other
   page goes to the network as usual. Each address is asked of the network first, so a fresh copy
   replaces the kept one whenever there is signal. */
"use strict";
var CACHE = "coprod-quicklog-{{ version }}";
var PAGE = "{% url 'quick-log' %}";
var ASSETS = {{ assets|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS).then(function () {
      return fetch(PAGE, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(PAGE, response);
      });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("coprod-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var key = url.pathname === PAGE ? PAGE : (ASSETS.indexOf(url.pathname) !== -1 ? url.pathname : null);
  if (key === null) return;
  event.respondWith(fetch(request).then(function (response) {
    // Keep only a real page: not the sign-in page a lapsed session is sent to, nor an error.
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) { return kept || Response.error(); });
  }));
});
