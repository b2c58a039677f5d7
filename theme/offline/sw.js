/* yizhan service worker, generated at build time (generator/offline/worker.py).
   CONFIG.version is a hash of the whole site: a rebuild that changes anything gives a new
   worker, which precaches again and drops the old shell. CONFIG.precache lists each file
   with its revision (a hash of its bytes): a file whose bytes the shell of the worker before
   already has (wherever it moved: `filesByRevision`) is taken from there, and only the others
   are downloaded. Pages a reader visited stay in the "pages" cache across versions, so what
   was read once can be read offline. */
"use strict";
var CONFIG = /*YIZHAN_CONFIG*/{};
var SHELL = "yizhan-shell-" + CONFIG.version;
var PAGES = "yizhan-pages";
var SCOPE = self.registration.scope;
var WAIT_FOR_NETWORK = 4000;  /* ms, on weak Wi-Fi, before a saved copy is shown */

/* A precached file is kept under its URL and its revision ("notices/?yz-rev=…"); `saved`
   finds it by its URL alone. */
function revisionKey(entry) {
  return SCOPE + entry[0] + "?yz-rev=" + entry[1];
}

/* The last part of a precached URL: "search/…/b3.js" → "b3.js", "notices/" → "". */
function fileName(url) {
  var path = url.split("?")[0];
  return path.slice(path.lastIndexOf("/") + 1);
}

/* The files of `earlier` (the shells of the workers before), by URL and revision, and by name
   and revision: a file the new worker lists with the same bytes is copied from there, not
   downloaded, even under another URL (the search index's folder is named by its version, and
   a small fix leaves most of its files as they were). Same name and revision: the same bytes
   of the same type. Pages (named "") are found by their URL only. */
function filesByRevision(earlier) {
  return Promise.all(earlier.map(function (cache) {
    return cache.keys().then(function (requests) {
      return requests.map(function (request) { return [cache, request]; });
    });
  })).then(function (lists) {
    var found = {};
    lists.forEach(function (list) {
      list.forEach(function (pair) {
        var url = pair[1].url, revision = new URL(url).searchParams.get("yz-rev");
        if (!revision) return;
        found[url] = pair;
        if (fileName(url)) found["name:" + fileName(url) + "?yz-rev=" + revision] = pair;
      });
    });
    return found;
  });
}

/* The same bytes and type in a new response: it has no URL of its own (the request it
   answers gives it one) and no header of the old transfer (an old Content-Encoding or
   Content-Length would describe bytes it no longer has). */
function copyOf(response) {
  var type = response.headers.get("Content-Type");
  return new Response(response.body, {
    status: response.status, statusText: response.statusText, headers: type ? { "Content-Type": type } : {}
  });
}

function precache(cache, earlier, entry) {
  var key = new URL(revisionKey(entry)).href;
  return cache.match(key).then(function (have) {
    if (have) return undefined;
    var same = earlier[key] || (fileName(entry[0]) && earlier["name:" + fileName(entry[0]) + "?yz-rev=" + entry[1]]);
    return (same ? same[0].match(same[1]) : Promise.resolve(undefined)).then(function (old) {
      if (old) return cache.put(key, copyOf(old));
      return fetch(new Request(SCOPE + entry[0], { cache: "reload" })).then(function (response) {
        if (!response.ok) throw new Error("precache " + entry[0] + ": " + response.status);
        return cache.put(key, response);
      });
    });
  });
}

function isEarlierShell(name) {
  return name.indexOf("yizhan-shell-") === 0 && name !== SHELL;
}

function earlierShells() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(isEarlierShell).map(function (name) { return caches.open(name); }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([caches.open(SHELL), earlierShells().then(filesByRevision)]).then(function (opened) {
    return Promise.all(CONFIG.precache.map(function (entry) { return precache(opened[0], opened[1], entry); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(isEarlierShell).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function saved(request) {
  return caches.match(request, { ignoreSearch: true });
}

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

/* Pages and the search meta: the network first (fresh content), a saved copy when the
   network fails or is too slow. */
function networkFirst(request) {
  var network = fetch(request).then(function (response) { return keep(request, response); });
  return saved(request).then(function (copy) {
    if (!copy) return network.catch(function () { return offlinePage(); });
    var timeout = new Promise(function (resolve) { setTimeout(function () { resolve(copy); }, WAIT_FOR_NETWORK); });
    return Promise.race([network.catch(function () { return copy; }), timeout]);
  });
}

/* Everything else (CSS, JS, images, search shards named by version): a saved copy first. */
function cacheFirst(request) {
  return saved(request).then(function (copy) {
    return copy || fetch(request).then(function (response) { return keep(request, response); });
  });
}

function offlinePage() {
  var html = '<!doctype html><html lang="zh-CN"><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><title>离线</title>' +
    '<body style="font-family:sans-serif;padding:2rem;line-height:1.6">' +
    '<h1>现在没有网络</h1><p>这个页面还没有保存到本机。连上网络后再打开一次，以后离线也能看。</p>' +
    '<p><a href="' + SCOPE + '">返回首页</a></p></body></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var path = request.url.slice(SCOPE.length).split(/[?#]/)[0];
  /* kiosk/version.js: the corridor screen asks it for a new build, so never an old copy first */
  if (request.mode === "navigate" || /(^|\/)$|\.html$/.test(path) || path === "search/meta.js" ||
      path === "kiosk/version.js") {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});
