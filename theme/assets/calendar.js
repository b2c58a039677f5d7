/* yizhan calendar: what depends on the day, recomputed when the page is viewed.
   - home page: 本周活动 and 即将开始 for the week the reader is in (picked from the
     events the page carries), so a page opened offline a week later is still right;
   - calendar pages: the category filter, today's cell, entries that have ended;
   - event pages: dates that have passed leave "接下来的安排".
   Classic script, no fetch or modules: works on file:// too. Dates are compared as
   the site's local ISO strings ("2026-11-30" / "2026-11-30T19:00:00"). */
(function () {
  "use strict";
  var FILTER_KEY = "yizhan.calendar.hidden";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* The reader's "now" as the site's local time: {day: "YYYY-MM-DD", time: "YYYY-MM-DDTHH:MM:SS"}. */
  function siteNow(timeZone, now) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-CA", {
        timeZone: timeZone || undefined, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"
      }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    } catch (e) {  /* unknown zone: the device's own */
      parts = { year: now.getFullYear(), month: pad(now.getMonth() + 1), day: pad(now.getDate()),
        hour: pad(now.getHours()), minute: pad(now.getMinutes()), second: pad(now.getSeconds()) };
    }
    var day = parts.year + "-" + parts.month + "-" + parts.day;
    return { day: day, time: day + "T" + parts.hour + ":" + parts.minute + ":" + parts.second };
  }

  function parseDay(iso) {
    var m = /^(\d{4})-(\d\d)-(\d\d)/.exec(iso);
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  }
  function isoDay(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function addDays(iso, n) { var d = parseDay(iso); d.setUTCDate(d.getUTCDate() + n); return isoDay(d); }
  function mondayOf(iso) { var d = parseDay(iso); return addDays(iso, -((d.getUTCDay() + 6) % 7)); }
  function shortDate(iso) { var d = parseDay(iso); return (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日"; }

  function firstDay(el) { return el.getAttribute("data-start").slice(0, 10); }
  function lastDay(el) { return el.getAttribute("data-end").slice(0, 10); }
  /* Has it ended? All-day entries (a date without time) end with their last day. */
  function ended(el, now) {
    var end = el.getAttribute("data-end");
    return end.length === 10 ? end < now.day : end <= now.time;
  }

  /* One entry of calendar/week.<hash>.js as the home page's agenda line (the markup of
     agenda_item in theme/pages/_calendar.j2), built with textContent. */
  function agendaItem(entry, root) {
    var li = document.createElement("li"), a = document.createElement("a");
    ["kind", "category", "start", "end", "page"].forEach(function (name, i) { li.setAttribute("data-" + name, entry[i]); });
    a.href = root + entry[4] + (location.protocol === "file:" && /\/$/.test(entry[4]) ? "index.html" : "");
    [["yz-agenda__when", entry[5]], ["yz-agenda__title", entry[6]], ["yz-agenda__where", entry[7]]].forEach(function (part, i) {
      if (!part[1]) return;
      if (i) a.appendChild(document.createTextNode(" "));
      var span = document.createElement("span");
      span.className = part[0];
      span.textContent = part[1];
      a.appendChild(span);
    });
    li.appendChild(a);
    return li;
  }

  /* The coming events the home page names (calendar/week.<hash>.js, loaded before this
     script): <li>s, and the site's root their links start from. */
  var poolItems = null;
  function weekPool(section) {
    var data = window.yizhanWeek, script = section.querySelector('script[src*="week."]');
    if (!data || !script) return null;
    if (!poolItems) {
      var root = script.src.replace(/calendar\/week\.[^\/]*$/, "");
      poolItems = data.items.map(function (entry) { return agendaItem(entry, root); });
    }
    return poolItems;
  }

  /* Home page: the week the reader is in, from the pool of coming events. */
  function refreshWeek(section, now) {
    var monday = mondayOf(now.day), sunday = addDays(monday, 6);
    var pool = weekPool(section);
    var week = section.querySelector(".yz-agenda--week");
    var upcoming = section.querySelector(".yz-agenda--upcoming");
    if (!pool || !week || !upcoming) return;
    if (section.getAttribute("data-shown-week") !== monday) {
      var inWeek = [], later = [], laterPages = {}, shown = +section.getAttribute("data-week-shown") || Infinity;
      var laterShown = +section.getAttribute("data-upcoming-shown") || Infinity;
      pool.forEach(function (li) {
        if (lastDay(li) < monday) return;
        var page = li.getAttribute("data-page");
        if (firstDay(li) <= sunday) inWeek.push(li);
        else if (later.length < laterShown && !laterPages[page]) {  /* 即将开始: each event once */
          laterPages[page] = true;
          later.push(li);
        }
      });
      var more = section.querySelector(".yz-week-more");
      if (more) {
        toggle(more, inWeek.length > shown);
        more.querySelector(".yz-week-more__count").textContent = String(Math.max(0, inWeek.length - shown));
      }
      inWeek = inWeek.slice(0, shown);
      fill(week, inWeek);
      fill(upcoming, later);
      var range = section.querySelector(".yz-week-range");
      if (range) range.textContent = shortDate(monday) + "–" + shortDate(sunday);
      toggle(section.querySelector(".yz-week-empty"), inWeek.length === 0);
      var heading = upcoming.previousElementSibling;
      if (heading && heading.tagName === "H3") toggle(heading, later.length > 0);
      section.setAttribute("data-shown-week", monday);
    }
    var poolEnd = section.getAttribute("data-pool-end");
    toggle(section.querySelector(".yz-week-stale"), !!poolEnd && sunday > poolEnd);
    markEnded(week, now);
    markToday(week, now);
  }

  /* 今天: entries that take place on the reader's day and are not over yet. */
  function markToday(root, now) {
    root.querySelectorAll("[data-end]").forEach(function (el) {
      el.classList.toggle("yz-is-today", firstDay(el) <= now.day && now.day <= lastDay(el) && !ended(el, now));
    });
  }

  function fill(list, items) {
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (li) { list.appendChild(li.cloneNode(true)); });
  }
  function toggle(el, show) { if (el) el.hidden = !show; }

  function markEnded(root, now) {
    root.querySelectorAll("[data-end]").forEach(function (el) {
      el.classList.toggle("yz-is-past", ended(el, now));
    });
  }

  /* Calendar pages: today's cell, ended entries gone from the upcoming list, the filter. */
  function refreshCalendar(root, now) {
    root.querySelectorAll(".yz-day[data-date]").forEach(function (cell) {
      cell.classList.toggle("yz-day--today", cell.getAttribute("data-date") === now.day);
      cell.classList.toggle("yz-day--past", cell.getAttribute("data-date") < now.day);
    });
    root.querySelectorAll(".yz-upcoming .yz-cal[data-end]").forEach(function (li) {
      li.classList.toggle("yz-is-ended", ended(li, now));
    });
    root.querySelectorAll(".yz-upcoming__day").forEach(function (day) {
      day.classList.toggle("yz-is-today", day.getAttribute("data-date") === now.day);
      day.classList.toggle("yz-is-ended", day.getAttribute("data-date") < now.day &&
        !day.querySelector(".yz-cal:not(.yz-is-ended)"));
    });
    setupFilter(root);
  }

  function hiddenCategories() {
    try { return JSON.parse(window.localStorage.getItem(FILTER_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveHidden(list) {
    try { window.localStorage.setItem(FILTER_KEY, JSON.stringify(list)); } catch (e) { /* private mode */ }
  }

  /* The filters (by category; on a portal also by community, values "@<name>", "@" for the
     portal's own entries): one list of what is switched off, kept on the device. */
  function setupFilter(root) {
    if (!root.querySelector("[data-cal-filter]")) return;
    var inputs = root.querySelectorAll("[data-cal-filter] input[type=checkbox]");
    var hidden = hiddenCategories();
    inputs.forEach(function (input) {
      input.checked = hidden.indexOf(input.value) < 0;
      if (!input.getAttribute("data-bound")) {
        input.setAttribute("data-bound", "1");
        input.addEventListener("change", function () {
          var off = [];
          inputs.forEach(function (i) { if (!i.checked) off.push(i.value); });
          saveHidden(off);
          applyFilter(root, off);
        });
      }
    });
    applyFilter(root, hidden);
  }

  function applyFilter(root, off) {
    root.querySelectorAll(".yz-cal[data-category]").forEach(function (li) {
      var community = "@" + (li.getAttribute("data-community") || "");
      li.classList.toggle("yz-is-filtered", off.indexOf(li.getAttribute("data-category")) >= 0 ||
                                            off.indexOf(community) >= 0);
    });
    root.querySelectorAll(".yz-day, .yz-upcoming__day").forEach(function (day) {
      var entries = day.querySelectorAll(".yz-cal");
      var shown = day.querySelectorAll(".yz-cal:not(.yz-is-filtered)");
      day.classList.toggle("yz-day--filtered-empty", entries.length > 0 && shown.length === 0);
    });
  }

  /* Event pages: the next dates, without those already over. */
  function refreshEvent(section, now) {
    var left = 0;
    section.querySelectorAll("li[data-end]").forEach(function (li) {
      li.hidden = ended(li, now);
      if (!li.hidden) left += 1;
    });
    section.querySelectorAll("li[data-date]").forEach(function (li) {
      li.classList.toggle("yz-is-past", li.getAttribute("data-date") < now.day);
    });
    if (section.classList.contains("yz-next")) {
      section.hidden = left === 0;
      toggle(document.querySelector(".yz-next-none"), left === 0);
    }
  }

  /* "2026年12月3日（周四）19:00–21:00", as theme/pages/_macros.j2 `when` writes it. */
  function weekday(iso) { return "周" + "日一二三四五六".charAt(parseDay(iso).getUTCDay()); }
  function zhDate(iso, withYear) {
    var d = parseDay(iso);
    return (withYear ? d.getUTCFullYear() + "年" : "") + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日";
  }
  function whenText(start, end) {
    var text = zhDate(start, true) + "（" + weekday(start) + "）";
    if (start.length === 10) {  /* all day: `end` is the last day */
      if (end !== start) text += " 至 " + zhDate(end, end.slice(0, 4) !== start.slice(0, 4)) + "（" + weekday(end) + "）";
      return text;
    }
    text += start.slice(11, 16) + "–";
    if (end.slice(0, 10) !== start.slice(0, 10)) text += zhDate(end, false) + " ";
    return text + end.slice(11, 16);
  }

  /* An item's date wherever it is shown: the next occurrence on the reader's day, 已结束 after the last. */
  function refreshWhen(el, now) {
    var times = (el.getAttribute("data-times") || "").split(" ").filter(Boolean);
    var next = null;
    for (var i = 0; i < times.length && !next; i++) {
      var pair = times[i].split("/");
      var probe = { getAttribute: function (name) { return name === "data-end" ? pair[1] : pair[0]; } };
      if (!ended(probe, now)) next = pair;
    }
    var last = el.getAttribute("data-last");
    if (!next && !last) return;  /* dates beyond what the page carries: keep what it says */
    var over = !next;
    var shown = next || last.split("/");
    el.textContent = (el.hasAttribute("data-repeat") && !over ? "下次 " : "") + whenText(shown[0], shown[1]) + (over ? "（已结束）" : "");
    el.classList.toggle("yz-is-over", over);
  }

  function refresh() {
    var date = new Date();
    document.querySelectorAll(".yz-home__week").forEach(function (section) {
      refreshWeek(section, siteNow(section.getAttribute("data-timezone"), date));
    });
    document.querySelectorAll(".yz-calendar").forEach(function (root) {
      refreshCalendar(root, siteNow(root.getAttribute("data-timezone"), date));
    });
    document.querySelectorAll(".yz-next, .yz-skipped").forEach(function (section) {
      refreshEvent(section, siteNow(section.getAttribute("data-timezone"), date));
    });
    var zone = document.querySelector('meta[name="yizhan-timezone"]');
    var now = siteNow(zone ? zone.getAttribute("content") : "", date);
    document.querySelectorAll(".yz-when[data-times]").forEach(function (el) { refreshWhen(el, now); });
  }

  window.yizhan = window.yizhan || {};
  window.yizhan.refreshCalendar = refresh;
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(refresh);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
