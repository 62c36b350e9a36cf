/* Quick log on a poor signal. A contact that cannot be sent is kept on the phone and sent when the
   connection returns; one the server refuses stays on the phone, with the server's reasons, until the
   worker fixes and sends it or discards it. Nothing typed is dropped by this code. Each contact carries
   its own idempotency key, so a resend never logs it twice. No framework: the page works without it. */
(function () {
  "use strict";
  var KEY = "coprod.pendingContacts";
  var USED = "coprod.usedKeys";
  var form = document.getElementById("quick-log");
  if (!form || form.dataset.offline !== "yes" || !window.fetch || !window.localStorage) return;
  var banner = document.getElementById("offline-banner");
  var message = document.getElementById("offline-message");
  var kept = document.getElementById("kept");
  var keptList = document.getElementById("kept-list");
  var keyField = form.querySelector("[name=idempotency_key]");

  if ("serviceWorker" in navigator && form.dataset.serviceWorker) {
    navigator.serviceWorker.register(form.dataset.serviceWorker).catch(function () { /* offline opening unavailable */ });
  }

  function read(name) {
    try { return JSON.parse(localStorage.getItem(name) || "[]"); } catch (e) { return []; }
  }
  function keyOf(pairs) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === "idempotency_key") return pairs[i][1];
    return "";
  }
  // A kept contact: {key, pairs, errors} (errors empty while it waits, the server's reasons once refused).
  // Earlier versions kept bare lists of pairs; those are read as waiting contacts.
  function pending() {
    return read(KEY).map(function (item) {
      return Array.isArray(item) ? { key: keyOf(item), pairs: item, errors: [] } : item;
    });
  }
  function save(list) { localStorage.setItem(KEY, JSON.stringify(list)); render(); }
  function update(key, change) {
    save(pending().map(function (item) { return item.key === key ? change(item) : item; }));
  }
  function remove(key) { save(pending().filter(function (item) { return item.key !== key; })); }
  function used(key) { return read(USED).indexOf(key) !== -1; }
  function markUsed(key) {
    var list = read(USED).filter(function (k) { return k !== key; });
    list.push(key);
    localStorage.setItem(USED, JSON.stringify(list.slice(-500)));
  }
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
  function value(pairs, name) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === name) return pairs[i][1];
    return "";
  }
  function optionText(name, chosen) {
    var field = form.querySelector("[name=" + name + "]");
    if (!field || !field.options) return chosen;
    for (var i = 0; i < field.options.length; i++) if (field.options[i].value === chosen) return field.options[i].text;
    return chosen;
  }
  function describe(pairs) {
    var kind = optionText("activity_type", value(pairs, "activity_type")) || "A contact";
    var minutes = value(pairs, "minutes");
    return kind + ", " + (value(pairs, "date") || "no date") + (minutes ? ", " + minutes + " minutes" : "");
  }
  function button(text, handler, warning) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "govuk-button govuk-button--secondary" + (warning ? " govuk-button--warning" : "");
    b.textContent = text;
    b.addEventListener("click", handler);
    return b;
  }

  // The kept contacts, listed on the page: each waiting one, and each refused one with its reasons.
  function render() {
    var list = pending();
    keptList.textContent = "";
    kept.hidden = list.length === 0;
    var refused = list.filter(function (item) { return item.errors.length; }).length;
    document.getElementById("kept-count").textContent =
      list.length + " contact" + (list.length === 1 ? "" : "s") + " kept on this phone" +
      (refused ? " (" + refused + " refused: fix or discard " + (refused === 1 ? "it" : "them") + ")" :
        ", waiting to send");
    list.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "coprod-kept";
      li.dataset.key = item.key;
      var title = document.createElement("p");
      title.className = "govuk-body govuk-!-margin-bottom-1";
      title.textContent = describe(item.pairs) + (item.errors.length ? ": refused" : ": waiting to send");
      li.appendChild(title);
      if (item.errors.length) {
        var reasons = document.createElement("ul");
        reasons.className = "govuk-list govuk-error-message";
        item.errors.forEach(function (e) {
          var r = document.createElement("li");
          r.textContent = e.text;
          reasons.appendChild(r);
        });
        li.appendChild(reasons);
      }
      var group = document.createElement("div");
      group.className = "govuk-button-group";
      group.appendChild(button("Fix and send", function () { edit(item.key); }));
      group.appendChild(button("Discard", function () { discard(item.key); }, true));
      li.appendChild(group);
      keptList.appendChild(li);
    });
  }

  function clearErrors() {
    form.querySelectorAll(".coprod-kept-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll(".govuk-form-group--error").forEach(function (el) { el.classList.remove("govuk-form-group--error"); });
  }
  // Put a kept contact back in the form, with the server's reasons beside its fields.
  function edit(key) {
    var item = pending().filter(function (i) { return i.key === key; })[0];
    if (!item) return;
    form.reset();
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
    item.pairs.forEach(function (p) {
      var fields = form.querySelectorAll("[name=" + p[0] + "]");
      fields.forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") { if (field.value === p[1]) field.checked = true; }
        else if (p[0] !== "csrfmiddlewaretoken") field.value = p[1];
      });
    });
    var details = form.querySelector("details");
    if (details) details.open = true;
    clearErrors();
    item.errors.forEach(function (e) {
      var field = e.field && document.getElementById(e.field);
      var group = field && field.closest(".govuk-form-group");
      var note = document.createElement("p");
      note.className = "govuk-error-message coprod-kept-error";
      note.textContent = e.text;
      if (group) {
        group.classList.add("govuk-form-group--error");
        group.insertBefore(note, field.parentNode === group ? field : group.firstChild);
      } else form.insertBefore(note, form.firstChild);
    });
    form.dataset.editing = key;
    form.scrollIntoView();
  }
  function discard(key) {
    var item = pending().filter(function (i) { return i.key === key; })[0];
    if (!item) return;
    if (!window.confirm("Discard this contact kept on the phone? " + describe(item.pairs) + ". It has not been logged.")) return;
    remove(key);
    if (form.dataset.editing === key) { delete form.dataset.editing; form.reset(); clearErrors(); keyField.value = newKey(); }
  }

  function send(pairs) {
    // A contact kept from an earlier sign-in carries that sign-in's CSRF token: send this page's.
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var data = new FormData();
    pairs.forEach(function (p) {
      data.append(p[0], p[0] === "csrfmiddlewaretoken" && token ? token.value : p[1]);
    });
    return fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", redirect: "follow"
    });
  }
  function signedOut(response) {
    // Sessions end after a spell without use; the server then answers with the sign-in page.
    return response.redirected && response.url.indexOf("/accounts/login/") !== -1;
  }
  // The server's reasons, read from the error summary of the page it answered with. None means the
  // answer was not a refusal of the contact (a session cut short, say): it is sent again later, and
  // its idempotency key keeps it from being logged twice.
  function reasons(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var found = [];
    doc.querySelectorAll(".govuk-error-summary__list li").forEach(function (li) {
      var link = li.querySelector("a");
      found.push({ field: link ? link.getAttribute("href").slice(1) : "", text: li.textContent.trim() });
    });
    return found;
  }
  var retry = null;
  function retryLater() {
    if (retry === null) retry = window.setTimeout(function () { retry = null; flush(); }, 5000);
  }
  function keepOnPhone(pairs) {
    var key = keyOf(pairs);
    var list = pending().filter(function (item) { return item.key !== key; });
    list.push({ key: key, pairs: pairs, errors: [] });
    save(list);
    show("This contact is kept on this phone and will be sent when the connection returns.");
    if (navigator.onLine) retryLater();
    delete form.dataset.editing;
    form.reset();
    clearErrors();
    keyField.value = newKey();
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return;
    var next = pending().filter(function (item) { return !item.errors.length; })[0];
    if (!next) return;
    flushing = true;
    send(next.pairs).then(function (response) {
      if (signedOut(response)) {
        show("Sign in again to send the contacts kept on this phone.");
        return false;
      }
      if (response.ok) {
        markUsed(next.key);
        remove(next.key);
        return true;
      }
      if (response.status === 400) {
        return response.text().then(function (html) {
          var found = reasons(html);
          if (!found.length) { retryLater(); return false; }
          update(next.key, function (item) { return { key: item.key, pairs: item.pairs, errors: found }; });
          return true;
        });
      }
      retryLater(); // the server failed: keep it waiting, and try again shortly
      return false;
    }).then(function (goOn) {
      flushing = false;
      var list = pending();
      var refused = list.filter(function (item) { return item.errors.length; }).length;
      if (goOn && list.length > refused) { flush(); return; }
      if (refused) show(refused + " kept contact" + (refused === 1 ? " was" : "s were") + " refused by coprod: fix or discard below.");
      else if (!list.length) show("Contacts kept on this phone have been sent.");
    }).catch(function () { flushing = false; retryLater(); /* no connection: try again shortly */ });
  }

  // What a contact says, without its key and token: the same contact sent again after Back is known by it.
  var LAST = "coprod.lastSent";
  function fingerprint(pairs) {
    return JSON.stringify(pairs.filter(function (p) {
      return p[0] !== "idempotency_key" && p[0] !== "csrfmiddlewaretoken";
    }));
  }
  var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  var cameBack = !!(navigation && navigation.type === "back_forward");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var pairs = entries(form);
    var last = null;
    try { last = JSON.parse(localStorage.getItem(LAST) || "null"); } catch (e) { last = null; }
    if (cameBack && last && last.fingerprint === fingerprint(pairs)) {
      // Back to the page of a contact already sent, and sent again unchanged: it is the same contact.
      keyField.value = last.key;
      pairs = entries(form);
    }
    var key = keyOf(pairs);
    var editing = form.dataset.editing;
    if (!navigator.onLine) { keepOnPhone(pairs); return; }
    send(pairs).then(function (response) {
      // Signed out meanwhile: keep the contact, go to sign in, and send it once signed in again.
      if (signedOut(response)) { keepOnPhone(pairs); window.location.assign(response.url); return; }
      if (response.redirected && response.ok) {
        markUsed(key);
        localStorage.setItem(LAST, JSON.stringify({ key: key, fingerprint: fingerprint(pairs) }));
        remove(key); // a kept contact fixed and sent, from the phone's list or from the server's page
        if (editing && editing !== key) remove(editing);
        window.location.assign(response.url); // "Contact logged", with what was logged
        return;
      }
      // Any answer but a refusal of the contact (a server error, a refused token, a session cut short)
      // keeps it on the phone, to be sent again: showing that answer would lose what was typed.
      if (response.status !== 400) { keepOnPhone(pairs); return; }
      return response.text().then(function (html) {
        var found = reasons(html);
        if (!found.length) { keepOnPhone(pairs); return; }
        // Refused: show the server's page, which keeps what was typed and says why. A kept contact
        // being fixed stays on the phone, with these reasons, until it is sent or discarded.
        if (editing) update(editing, function (item) { return { key: item.key, pairs: pairs, errors: found }; });
        document.open(); document.write(html); document.close();
      });
    }).catch(function () { keepOnPhone(pairs); });
  });

  // A page opened again (from the phone's copy, or a new visit) must not reuse a key already sent: that
  // contact would be taken for the earlier one. Back to a page already sent keeps its key, so submitting
  // it again logs it once.
  if (used(keyField.value) && !cameBack) keyField.value = newKey();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) render();
  });
  window.addEventListener("online", flush);
  render();
  if (pending().length) flush();
})();
