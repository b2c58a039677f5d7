/* The corridor screen (kiosk/index.html): which slide, decided at viewing time.
   The page carries every slide the coming weeks may need (generator/render/kiosk.py); this
   script only shows and hides them and sets a few texts, so nothing grows however long it
   runs. Each round it asks every slide whether it is due now (its data-* attributes: from,
   until, times, rows, one-of, week); today's date, 进行中 and opening hours are the site's
   local time. URL options: ?seconds=8 (per slide), ?only=notices,events (these kinds only).
   Now and then it loads version.js (a classic script: file:// too) and, when the build
   changed, reloads at the next slide; offline, the load fails and it goes on as it was. */
(function () {
  "use strict";
  var root = document.documentElement;
  var POLL = 5 * 60 * 1000;                 /* version check: a new build is shown within ~6 min */
  var WEEKDAYS = "日一二三四五六";
  var DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var query = new URLSearchParams(location.search);
  var seconds = Math.min(600, Math.max(2, +query.get("seconds") || +root.getAttribute("data-seconds") || 12));
  var only = (query.get("only") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  var version = root.getAttribute("data-version");

  var format = null;
  try {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: root.getAttribute("data-timezone") || undefined,
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
      hourCycle: "h23" });
  } catch (e) { format = null; }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function parseDay(iso) { return new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10))); }
  function isoDay(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function addDays(iso, n) { var d = parseDay(iso); d.setUTCDate(d.getUTCDate() + n); return isoDay(d); }

  /* Now in the site's zone: day "YYYY-MM-DD", time "YYYY-MM-DDTHH:MM:SS", weekday 0–6, minutes. */
  function siteNow() {
    var date = new Date(), p = {};
    if (format) {
      format.formatToParts(date).forEach(function (part) { p[part.type] = part.value; });
    } else {
      p = { year: date.getFullYear(), month: pad(date.getMonth() + 1), day: pad(date.getDate()),
        hour: pad(date.getHours()), minute: pad(date.getMinutes()), second: pad(date.getSeconds()) };
    }
    var day = p.year + "-" + p.month + "-" + p.day;
    var weekday = parseDay(day).getUTCDay();
    return { day: day, time: day + "T" + p.hour + ":" + p.minute + ":" + p.second, weekday: weekday,
      minutes: +p.hour * 60 + +p.minute, clock: p.hour + ":" + p.minute,
      monday: addDays(day, -((weekday + 6) % 7)) };
  }

  function zhDay(iso) {
    var d = parseDay(iso);
    return (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日（周" + WEEKDAYS.charAt(d.getUTCDay()) + "）";
  }
  /* "11月23日（周一）19:00–21:00", as theme/kiosk/_slide.j2 `when` writes it. */
  function whenText(pair) {
    var start = pair[0], end = pair[1];
    if (start.length === 10) return zhDay(start) + (end !== start ? " 至 " + zhDay(end) : "");
    var text = zhDay(start) + start.slice(11, 16) + "–";
    if (end.slice(0, 10) !== start.slice(0, 10)) text += zhDay(end).replace(/（.*/, "") + " ";
    return text + end.slice(11, 16);
  }
  function ended(pair, now) { return pair[1].length === 10 ? pair[1] < now.day : pair[1] <= now.time; }
  function begun(pair, now) { return pair[0].length === 10 ? pair[0] <= now.day : pair[0] <= now.time; }

  /* "mon 08:30-11:30,tue 08:30-11:30;…" → [{day, from, to}] in minutes. */
  function parseHours(spec) {
    return spec.split(/[;,]/).map(function (part) {
      var m = /^(\w+) (\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(part.trim());
      return m && { day: DAY_NAMES.indexOf(m[1]), from: +m[2] * 60 + +m[3], to: +m[4] * 60 + +m[5],
        text: m[2] + ":" + m[3] + "–" + m[4] + ":" + m[5] };
    }).filter(Boolean);
  }
  function isOpen(hours, now) {
    return hours.some(function (h) { return h.day === now.weekday && now.minutes >= h.from && now.minutes < h.to; });
  }
  function todayHours(hours, now) {
    return "今日 " + hours.filter(function (h) { return h.day === now.weekday; })
      .map(function (h) { return h.text; }).join("、");
  }

  /* Every slide, read once. */
  var slides = [], fallback = null;
  Array.prototype.forEach.call(document.querySelectorAll(".k-slide"), function (el) {
    var a = function (name) { return el.getAttribute("data-" + name); };
    var slide = { el: el, kind: a("kind"), from: a("from"), until: a("until"), week: a("week"), oneOf: a("one-of"),
      weight: +a("weight") || 1,
      times: (a("times") || "").split(" ").filter(Boolean).map(function (t) { return t.split("/"); }),
      rows: a("rows") === null ? null : Array.prototype.map.call(el.querySelectorAll("[data-hours]"), function (row) {
        return { el: row, hours: parseHours(row.getAttribute("data-hours")), today: row.querySelector("[data-today-hours]") };
      }),
      when: el.querySelector("[data-when]"), live: el.querySelector("[data-live]"), dayBadge: el.querySelector("[data-day]"),
      text: el.querySelector(".k-text, .k-rows"), more: el.querySelector(".k-more"),
      days: el.querySelectorAll(".k-day[data-date]"), entries: el.querySelectorAll(".k-entry[data-end]") };
    if (a("fallback") !== null) fallback = slide;
    else if (!only.length || only.indexOf(slide.kind) >= 0) slides.push(slide);
  });

  function nextTime(slide, now) {
    for (var i = 0; i < slide.times.length; i++) if (!ended(slide.times[i], now)) return slide.times[i];
    return null;
  }

  function due(slide, now) {
    if (slide.from && now.day < slide.from) return false;
    if (slide.until && now.day > slide.until) return false;
    if (slide.week && slide.week !== now.monday) return false;
    if (slide.times.length) {
      var next = nextTime(slide, now);
      if (!next || next[0].slice(0, 10) > addDays(now.monday, 6)) return false;
    }
    if (slide.rows) return slide.rows.some(function (row) { return isOpen(row.hours, now); });
    return true;
  }

  /* A round: the slides due now, in the page's order; events by their next date (today's
     first) where the first event stands; of each one-of group, the next in turn. */
  var rounds = 0;
  function round(now) {
    var list = [], timed = [], groups = {};
    slides.forEach(function (slide) {
      if (!due(slide, now)) return;
      if (slide.times.length) {
        if (!timed.length) list.push("times");
        timed.push(slide);
      } else if (slide.oneOf) {
        if (!groups[slide.oneOf]) { groups[slide.oneOf] = []; list.push(slide.oneOf); }
        groups[slide.oneOf].push(slide);
      } else {
        list.push(slide);
      }
    });
    timed.sort(function (x, y) { var a = nextTime(x, now)[0], b = nextTime(y, now)[0]; return a < b ? -1 : a > b ? 1 : 0; });
    var result = [];
    list.forEach(function (entry) {
      if (entry === "times") result.push.apply(result, timed);
      else if (typeof entry === "string") result.push(groups[entry][rounds % groups[entry].length]);
      else result.push(entry);
    });
    rounds += 1;
    return result;
  }

  /* What a shown slide says now: the next date and 进行中, open rows and today's hours, today's column. */
  function update(slide, now) {
    var next = slide.times.length ? nextTime(slide, now) : null;
    if (next && slide.when) {
      setText(slide.when, whenText(next));
      var live = begun(next, now);
      slide.live.hidden = !live;
      var today = next[0].slice(0, 10) <= now.day;
      slide.dayBadge.hidden = live;
      setText(slide.dayBadge, today ? "今天" : "本周 周" + WEEKDAYS.charAt(parseDay(next[0]).getUTCDay()));
    }
    if (slide.rows) {
      slide.rows.forEach(function (row) {
        row.el.hidden = !isOpen(row.hours, now);
        if (row.today) setText(row.today, todayHours(row.hours, now));
      });
    }
    Array.prototype.forEach.call(slide.days, function (day) {
      var date = day.getAttribute("data-date");
      day.classList.toggle("is-today", date === now.day);
    });
    Array.prototype.forEach.call(slide.entries, function (entry) {
      entry.classList.toggle("is-past", ended([null, entry.getAttribute("data-end")], now));
    });
  }

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  /* Never a scrollbar: blocks (or rows) that do not fit are hidden, and 扫码查看全文 says so. */
  function fit(slide) {
    var box = slide.text;
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll("[data-cut-off]"), function (part) {
      part.removeAttribute("data-cut-off");
      if (!slide.rows) part.hidden = false;   /* rows: update() has just shown the open ones */
    });
    var parts = Array.prototype.filter.call(box.children, function (part) { return !part.hidden; });
    var cut = false;
    for (var i = parts.length - 1; i > 0 && box.scrollHeight > box.clientHeight + 1; i--) {
      parts[i].hidden = true;
      parts[i].setAttribute("data-cut-off", "");
      cut = true;
    }
    if (slide.more) slide.more.hidden = !(cut || slide.more.getAttribute("data-cut") === "yes");
  }

  var playlist = [], position = 0, current = null, dueAt = 0, reload = false;
  function advance() {
    if (reload) { location.reload(); return; }
    var now = siteNow(), next = null;
    for (var guard = 0; !next && guard < 2; ) {
      if (position >= playlist.length) { playlist = round(now); position = 0; guard += 1; }
      while (!next && position < playlist.length) {
        var candidate = playlist[position++];
        if (due(candidate, now)) next = candidate;   /* it may have expired since the round began */
      }
    }
    show(next || fallback, now);
  }

  function show(slide, now) {
    if (current && current !== slide) current.el.hidden = true;
    slide.el.hidden = false;
    current = slide;
    update(slide, now);
    fit(slide);
    dueAt = Date.now() + seconds * 1000 * slide.weight;
  }

  var shownMinute = "";
  function clock(now) {
    if (now.time.slice(0, 16) === shownMinute) return;
    shownMinute = now.time.slice(0, 16);
    setText(document.querySelector("[data-clock]"), now.clock);
    setText(document.querySelector("[data-date]"), now.day.slice(0, 4) + "年" + zhDay(now.day).replace("（", " ").replace("）", ""));
    if (current) { update(current, now); fit(current); }
  }

  /* version.js calls this with the version of the build on the server (or in the folder). */
  window.yizhanKioskVersion = function (built) { if (built && built !== version) reload = true; };
  var pollAt = Date.now() + POLL;
  function poll() {
    var script = document.createElement("script");
    script.src = "version.js?t=" + Date.now();
    script.onload = script.onerror = function () {
      script.onload = script.onerror = null;
      if (script.parentNode) script.parentNode.removeChild(script);
    };
    document.head.appendChild(script);
  }

  function tick() {
    clock(siteNow());
    if (Date.now() >= pollAt) { pollAt = Date.now() + POLL; poll(); }
    if (Date.now() >= dueAt) advance();
  }

  window.yizhanKiosk = { next: advance, seconds: seconds };
  if (fallback) fallback.el.hidden = true;   /* shown without this script */
  advance();
  tick();
  setInterval(tick, 1000);
})();
