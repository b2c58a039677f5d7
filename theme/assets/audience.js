/* yizhan: 我的楼栋/年级. Where site_config.yml lists `audiences`, the home page and the
   notices list offer a chooser; the choice is kept on the device (localStorage: file://
   too) and notices for other audiences fold away under 其他楼栋的通知（N）. A notice for
   everyone (no data-audience) always shows. Classic script: works on file://. */
(function () {
  "use strict";
  var KEY = "yizhan-audience";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  function strings(text) {
    try {
      var value = JSON.parse(text || "[]");
      return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string"; }) : [];
    } catch (e) { return []; }
  }
  function load() { try { return strings(window.localStorage.getItem(KEY)); } catch (e) { return []; } }
  function save(chosen) { try { window.localStorage.setItem(KEY, JSON.stringify(chosen)); } catch (e) { /* private mode */ } }

  /* Each list of cards in the chooser's section, with a fold after it for the others. */
  function groupsOf(scope) {
    var groups = [];
    scope.querySelectorAll(".yz-cards").forEach(function (list) {
      if (list.closest(".yz-audience-other")) return;
      var cards = Array.prototype.slice.call(list.querySelectorAll(".yz-card"));
      if (!cards.some(function (c) { return c.hasAttribute("data-audience"); })) return;
      var fold = document.createElement("details"), summary = document.createElement("summary");
      var inner = document.createElement("div");
      fold.className = "yz-audience-other";
      inner.className = list.className;
      fold.appendChild(summary);
      fold.appendChild(inner);
      list.parentNode.insertBefore(fold, list.nextSibling);
      groups.push({ list: list, cards: cards, fold: fold, inner: inner, summary: summary });
    });
    return groups;
  }

  /* `cards` as the cards of `list`, in this order. Cards already where they belong are not
     moved: a moved card is painted anew, and the browser would count that paint as the
     page's largest one, late (Lighthouse's LCP). */
  function place(list, cards) {
    var now = Array.prototype.filter.call(list.children, function (el) { return el.classList.contains("yz-card"); });
    if (now.length === cards.length && cards.every(function (card, i) { return now[i] === card; })) return;
    cards.forEach(function (card) { list.appendChild(card); });
  }

  function setup(chooser) {
    if (chooser.getAttribute("data-ready")) return;
    chooser.setAttribute("data-ready", "yes");
    var boxes = Array.prototype.slice.call(chooser.querySelectorAll("input[type=checkbox]"));
    var groups = groupsOf(chooser.parentElement);
    var kept = load();
    boxes.forEach(function (box) { box.checked = kept.indexOf(box.value) >= 0; });

    function apply() {
      var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var today = isoDay(new Date());
      groups.forEach(function (g) {
        var folded = 0, shown = [], others = [];
        g.cards.forEach(function (card) {  /* in page order, into the list or the fold */
          var own = strings(card.getAttribute("data-audience"));
          var mine = !chosen.length || !own.length || own.some(function (a) { return chosen.indexOf(a) >= 0; });
          (mine ? shown : others).push(card);
          var expires = card.getAttribute("data-expires");
          var gone = card.hidden || (expires && expires < today && card.closest(".yz-home__notices"));
          if (!mine && !gone) folded += 1;
        });
        place(g.list, shown);
        place(g.inner, others);
        g.summary.textContent = "其他楼栋的通知（" + folded + "）";
        g.fold.hidden = folded === 0;
        if (!folded) g.fold.open = false;
      });
      chooser.setAttribute("data-chosen", chosen.join("\n"));
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        save(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
        apply();
      });
    });
    apply();
  }

  function ready() {
    document.querySelectorAll("[data-audience-chooser]").forEach(setup);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(ready);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
