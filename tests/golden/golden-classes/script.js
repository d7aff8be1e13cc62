/* What depends on the reader, done in their browser: their own local time
   and zone, which sessions are past and which is next (compared with their
   clock, from the UTC instants written into the page), and the copy
   buttons. The pages are complete without it: they show every time at the
   venue and in UTC. No request leaves the page. */
(function () {
  "use strict";

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  document.documentElement.classList.add("js");

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* "UTC+1", "UTC-5", "UTC+5:30": the form the venue times use. */
  function offsetText(date) {
    var minutes = -date.getTimezoneOffset();
    var sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    var rest = minutes % 60;
    return "UTC" + sign + Math.floor(minutes / 60) + (rest ? ":" + pad(rest) : "");
  }

  /* "Sat 2 Dec 07:00 (UTC+1)" in the reader's zone, independent of their locale. */
  function localText(date, withYear) {
    return DAYS[date.getDay()] + " " + date.getDate() + " " + MONTHS[date.getMonth()] +
      (withYear ? " " + date.getFullYear() : "") + " " +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + " (" + offsetText(date) + ")";
  }

  function zoneName() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  /* A session with no published end is over once it has started. */
  function isPast(start, end, now) {
    return end > start ? end <= now : start <= now;
  }

  function badge(kind, text) {
    var span = document.createElement("span");
    span.className = "badge badge-" + kind;
    span.textContent = text;
    return span;
  }

  function fillLocalTimes() {
    var zone = zoneName();
    var heading = "Your time" + (zone ? " (" + zone + ")" : "");
    document.querySelectorAll("th.your-zone").forEach(function (cell) {
      cell.textContent = heading;
    });
    document.querySelectorAll("td.your-time").forEach(function (cell) {
      cell.setAttribute("data-label", "Your time");
    });
    document.querySelectorAll(".your-zone-name").forEach(function (element) {
      element.textContent = zone ? " (" + zone + ")" : "";
    });
    document.querySelectorAll("time[data-local]").forEach(function (element) {
      var date = new Date(element.getAttribute("datetime"));
      if (!isNaN(date.getTime())) {
        element.title = element.title || element.textContent;
        element.textContent = localText(date, false);
      }
    });
  }

  /* Schedule pages: rows carry data-start and data-end (UTC). */
  function markSchedule(now) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.session[data-start]"));
    var upcoming = [];
    rows.forEach(function (row, index) {
      var start = Date.parse(row.getAttribute("data-start"));
      var end = Date.parse(row.getAttribute("data-end"));
      var past = isPast(start, end, now);
      var state = row.querySelector(".state");
      row.classList.remove("past", "next", "live");
      state.textContent = "";
      if (past) {
        row.classList.add("past");
        var hidden = document.createElement("span");
        hidden.className = "vh";
        hidden.textContent = " (finished)";
        state.appendChild(hidden);
      } else if (!row.hasAttribute("data-skip")) {
        upcoming.push({ row: row, start: start, index: index });
      }
    });
    upcoming.sort(function (a, b) { return a.start - b.start || a.index - b.index; });
    var jump = document.getElementById("next-link");
    if (!jump) {
      return;
    }
    jump.textContent = "";
    if (!upcoming.length) {
      jump.textContent = jump.getAttribute("data-none");
      jump.hidden = !jump.textContent;
      return;
    }
    var next = upcoming[0];
    var live = next.start <= now && !next.row.classList.contains("tbc");
    next.row.classList.add("next");
    if (live) {
      next.row.classList.add("live");
    }
    next.row.querySelector(".state").appendChild(badge(live ? "live" : "next", live ? "On now" : "Next"));
    var provisional = next.row.hasAttribute("data-provisional");
    var label = document.createElement("strong");
    label.textContent = live ? "On now: " : provisional ? "Next session (provisional): " : "Next session: ";
    var link = document.createElement("a");
    link.href = "#" + next.row.id;
    link.textContent = next.row.getAttribute("data-title");
    jump.appendChild(label);
    jump.appendChild(link);
    var venueTime = next.row.querySelector(".venue-time time");
    var yourTime = next.row.querySelector(".your-time time");
    var when = venueTime ? ", " + venueTime.textContent + (next.row.classList.contains("tbc") ? ", time TBC" : " at the venue") : "";
    if (yourTime) {
      when += "; " + yourTime.textContent + " your time";
    }
    jump.appendChild(document.createTextNode(when + "."));
    jump.hidden = false;
  }

  /* The index: each card's next session, from the data block in the page. */
  function fillCards(now) {
    var block = document.getElementById("sessions-data");
    if (!block) {
      return;
    }
    var data = JSON.parse(block.textContent);
    document.querySelectorAll("p.next[data-feed]").forEach(function (paragraph) {
      var keys = data.feeds[paragraph.getAttribute("data-feed")] || [];
      var best = null;
      keys.forEach(function (key) {
        var session = data.sessions[key];
        var start = Date.parse(session.start);
        if (session.skip || isPast(start, Date.parse(session.end), now)) {
          return;
        }
        if (!best || start < best.start) {
          best = { key: key, session: session, start: start };
        }
      });
      paragraph.textContent = "";
      paragraph.hidden = false;
      if (!best) {
        paragraph.removeAttribute("data-key");
        paragraph.textContent = paragraph.getAttribute("data-none");
        return;
      }
      describeNext(paragraph, best, data.seasons[best.session.season], now);
    });
  }

  function describeNext(paragraph, best, season, now) {
    var session = best.session;
    var live = best.start <= now && !session.tbc;
    paragraph.setAttribute("data-key", best.key);
    if (session.provisional && season && season.provisional) {
      paragraph.appendChild(document.createTextNode(season.name + " calendar: provisional dates, times to be announced. "));
    }
    var label = document.createElement("span");
    label.className = "label";
    label.textContent = live ? "On now: " : session.provisional ? "Next (provisional): " : "Next: ";
    var link = document.createElement("a");
    link.href = (paragraph.getAttribute("data-page") || session.page) + "#" + best.key;
    link.textContent = session.label;
    var when = ", " + session.when;
    if (!session.tbc) {
      when += " at the venue; " + localText(new Date(best.start), true) + " your time";
    }
    if (session.single) {
      when += " (single source)";
    }
    paragraph.appendChild(label);
    paragraph.appendChild(link);
    paragraph.appendChild(document.createTextNode(when + "."));
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = button.closest(".copy").querySelector(".copy-status");
      button.hidden = false;
      function copied() {
        status.textContent = "Copied the feed address.";
      }
      function byHand() {
        input.focus();
        input.select();
        status.textContent = "Press Ctrl+C (or ⌘ C) to copy the selected address.";
      }
      button.addEventListener("click", function () {
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(copied, byHand);
        } else {
          byHand();
        }
      });
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  }

  function update() {
    var now = Date.now();
    markSchedule(now);
    fillCards(now);
  }

  fillLocalTimes();
  setUpCopyButtons();
  update();
  // Keep past and next right while the page stays open.
  window.setInterval(update, 60 * 1000);
}());
