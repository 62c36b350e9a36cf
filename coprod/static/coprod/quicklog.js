/* Quick log on a poor signal: a contact that cannot be sent is kept on the phone and sent later.
   Each contact carries its own idempotency key, so a resend never logs it twice. No framework. */
(function () {
  "use strict";
  var KEY = "coprod.pendingContacts";
  var form = document.getElementById("quick-log");
  if (!form || form.dataset.offline !== "yes" || !window.fetch || !window.localStorage) return;
  var banner = document.getElementById("offline-banner");
  var message = document.getElementById("offline-message");

  function pending() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(list) { localStorage.setItem(KEY, JSON.stringify(list)); }
  function show(text) { message.textContent = text; banner.hidden = false; }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  function entries(f) {
    var out = [];
    new FormData(f).forEach(function (value, name) { out.push([name, value]); });
    return out;
  }
  function body(pairs) {
    var data = new FormData();
    pairs.forEach(function (p) { data.append(p[0], p[1]); });
    return data;
  }
  function send(pairs) {
    // A contact kept from an earlier sign-in carries that sign-in's CSRF token: send this page's.
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var fresh = pairs.map(function (p) {
      return p[0] === "csrfmiddlewaretoken" && token ? [p[0], token.value] : p;
    });
    return fetch(form.action || window.location.href, {
      method: "POST", body: body(fresh), credentials: "same-origin", redirect: "follow"
    });
  }
  function signedOut(response) {
    // Sessions end after a spell without use; the server then answers with the sign-in page.
    return response.redirected && response.url.indexOf("/accounts/login/") !== -1;
  }
  function keepOnPhone(pairs) {
    var list = pending();
    list.push(pairs);
    save(list);
    show(list.length + " contact" + (list.length === 1 ? " is" : "s are") +
      " kept on this phone and will be sent when the connection returns.");
    form.reset();
    form.querySelector("[name=idempotency_key]").value = newKey();
  }
  function flush() {
    var list = pending();
    if (!list.length || !navigator.onLine) return;
    var first = list[0];
    send(first).then(function (response) {
      if (signedOut(response)) {
        show("Sign in again to send the " + list.length + " contact(s) kept on this phone.");
        return;
      }
      // Sent (or refused as invalid, which resending cannot fix): either way it leaves the queue.
      save(pending().slice(1));
      if (response.status >= 400) show("A contact kept on this phone could not be logged: check your log.");
      else show(pending().length ? "Sending contacts kept on this phone..." : "Contacts kept on this phone have been sent.");
      if (pending().length) flush();
    }).catch(function () { /* still offline: try again later */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var pairs = entries(form);
    if (!navigator.onLine) { keepOnPhone(pairs); return; }
    send(pairs).then(function (response) {
      // Signed out meanwhile: keep the contact, and send it once signed in again.
      if (signedOut(response)) keepOnPhone(pairs);
      if (response.redirected) { window.location.assign(response.url); return; }
      // The server refused something: show its page, which keeps what was typed and says why.
      return response.text().then(function (html) {
        document.open(); document.write(html); document.close();
      });
    }).catch(function () { keepOnPhone(pairs); });
  });
  window.addEventListener("online", flush);
  if (pending().length) {
    show(pending().length + " contact(s) kept on this phone; sending when online.");
    flush();
  }
})();
