/* yizhan: parts of a page that depend on the time, brought up to date when it is viewed
   (a page kept offline for days still tells the truth). Classic script: works on file://. */
(function () {
  "use strict";
  var DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  /* Notices and policies whose `expires` date has passed. */
  function markExpired(root, today) {
    root.querySelectorAll("[data-expires]").forEach(function (el) {
      if (el.getAttribute("data-expires") >= today) return;
      el.classList.add("yz-is-expired");
      var badge = el.querySelector(".yz-when-expired");
      if (badge && !el.querySelector(".yz-badge--expired:not(.yz-when-expired)")) badge.hidden = false;
      if (el.closest(".yz-home__notices")) el.hidden = true;
    });
  }

  /* "mon 08:30-11:30,tue 08:30-11:30;…" → is it open at `now`? */
  function openNow(spec, now) {
    var day = DAYS[now.getDay()], minutes = now.getHours() * 60 + now.getMinutes();
    return spec.split(/[;,]/).some(function (part) {
      var m = /^(\w+) (\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(part.trim());
      if (!m || m[1] !== day) return false;
      return minutes >= +m[2] * 60 + +m[3] && minutes < +m[4] * 60 + +m[5];
    });
  }

  function markOpen(root, now) {
    root.querySelectorAll(".yz-open[data-hours]").forEach(function (el) {
      var spec = el.getAttribute("data-hours");
      if (!spec) return;
      var open = openNow(spec, now);
      el.setAttribute("data-open", open ? "yes" : "no");
      el.textContent = open ? "正在开放" : "现在未开放";
      el.hidden = false;
    });
  }

  function refresh() {
    var now = new Date();
    markExpired(document, isoDay(now));
    markOpen(document, now);
  }

  window.yizhan = window.yizhan || {};
  window.yizhan.refreshTime = refresh;
  window.yizhan.openNow = openNow;
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(refresh);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", refresh);
  }
})();
