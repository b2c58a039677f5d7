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

  /* QQ and WeChat ids: a 复制 button, hidden until this script shows it. The Clipboard API
     where the page may use it (https, localhost, and file:// in Chromium); otherwise the
     older copy command on a hidden text field; if both fail, the id is selected so that the
     reader can copy it by hand. Never throws, on file:// either. */
  function copyByCommand(text) {
    var field = document.createElement("textarea"), done = false;
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.cssText = "position:fixed;top:0;left:0;opacity:0";
    document.body.appendChild(field);
    try {
      field.select();
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(field);
    return done;
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        if (!copyByCommand(text)) throw new Error("copy");
      });
    }
    return copyByCommand(text) ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function selectText(el) {
    var selection = window.getSelection && window.getSelection();
    if (!el || !selection) return;
    var range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setupCopy(root) {
    root.querySelectorAll("button.yz-copy[data-copy]").forEach(function (button) {
      if (button.yzCopy) return;
      button.yzCopy = true;
      var label = button.textContent, timer = null;
      var status = document.createElement("span");
      status.className = "yz-visually-hidden";
      status.setAttribute("role", "status");
      button.parentNode.insertBefore(status, button.nextSibling);
      function say(text, shown) {
        button.textContent = shown;
        status.textContent = text;
        clearTimeout(timer);
        timer = setTimeout(function () { button.textContent = label; status.textContent = ""; }, 2500);
      }
      button.addEventListener("click", function () {
        copyText(button.getAttribute("data-copy")).then(function () {
          say("已复制到剪贴板", "已复制");
        }, function () {
          selectText(button.parentNode.querySelector(".yz-copy__text"));
          say("无法自动复制，已选中，请长按或按 Ctrl+C 复制", "请手动复制");
        });
      });
      button.hidden = false;
    });
  }

  function ready() {
    refresh();
    setupCopy(document);
  }

  window.yizhan = window.yizhan || {};
  window.yizhan.refreshTime = refresh;
  window.yizhan.openNow = openNow;
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(ready);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
