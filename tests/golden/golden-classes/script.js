/* What depends on the reader, done in their browser: every time in their own
   zone, locale and clock first (Intl.DateTimeFormat), the circuit's time
   second and only where it differs; which sessions are past and which is
   next (from the UTC instants written into the page); the home page's "Next
   up" list and each feed's next session; the feed filter; the copy buttons;
   and a hint when the reader's browser prefers the page's other language.
   The pages are complete without it: every time at the circuit and in UTC.
   No request leaves the page. */
(function () {
  "use strict";

  var root = document.documentElement;
  var pageLang = (root.getAttribute("lang") || "en").toLowerCase();
  var strings = readJson("page-strings") || {};
  var LOCALE = readerLocale();
  var DAY = { weekday: "short", day: "numeric", month: "short" };
  var TIME = { hour: "numeric", minute: "2-digit" };
  var NEXT_UP = 10;
  var formatters = {};

  root.classList.add("js");

  function readJson(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  function say(key, value) {
    return (strings[key] || "{}").replace("{}", value === undefined ? "" : value);
  }

  /* The reader's own language tag when it is the page's language (en-US
     gives a 12-hour clock, de-AT its month names), else the page's. */
  function readerLocale() {
    var tags = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < tags.length; i += 1) {
      if (tags[i] && tags[i].toLowerCase().split("-")[0] === pageLang) {
        return tags[i];
      }
    }
    return pageLang;
  }

  function formatter(options, zone) {
    var key = JSON.stringify(options) + (zone || "");
    if (!formatters[key]) {
      var all = {};
      Object.keys(options).forEach(function (name) { all[name] = options[name]; });
      if (zone) {
        all.timeZone = zone;
      }
      formatters[key] = new Intl.DateTimeFormat(LOCALE, all);
    }
    return formatters[key];
  }

  function span(format, start, end) {
    return end > start && format.formatRange ? format.formatRange(start, end) : format.format(start);
  }

  /* "Sat, Dec 2, 1:00 – 5:00 AM EST" / "Sa., 2. Dez., 07:00–11:00 MEZ". */
  function readerText(start, end) {
    return span(formatter({ weekday: DAY.weekday, day: DAY.day, month: DAY.month, hour: TIME.hour, minute: TIME.minute, timeZoneName: "short" }), start, end);
  }

  function wall(date, zone, withTime) {
    var options = { year: "numeric", month: "2-digit", day: "2-digit" };
    if (withTime) {
      options.hour = "2-digit";
      options.minute = "2-digit";
      options.hourCycle = "h23";
    }
    return formatter(options, zone).format(date);
  }

  /* "14:00 at the circuit", with the day where the circuit's date is not the
     reader's; "" where the circuit's clock reads as the reader's. */
  function venueText(start, end, zone) {
    try {
      if (wall(start, zone, true) === wall(start, undefined, true)) {
        return "";
      }
      var sameDay = wall(start, zone, false) === wall(start, undefined, false);
      var options = sameDay ? TIME : { weekday: DAY.weekday, day: DAY.day, month: DAY.month, hour: TIME.hour, minute: TIME.minute };
      return say("atCircuit", span(formatter(options, zone), start, end));
    } catch (error) {
      return null; // a zone this browser does not know: keep the page's text
    }
  }

  function dayText(isoDay) {
    var parts = isoDay.split("-");
    return formatter(DAY, "UTC").format(new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2])));
  }

  /* A session with no published end is over once it has started. */
  function isPast(start, end, now) {
    return end > start ? end <= now : start <= now;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  /* A schedule row's time in the reader's zone, the circuit's where it differs; once. */
  function fillCell(cell) {
    if (cell.readerTime) {
      return;
    }
    cell.readerTime = true;
    var main = cell.querySelector("time.main[data-end]");
    if (main) {
      var start = new Date(main.getAttribute("datetime"));
      var end = new Date(main.getAttribute("data-end"));
      main.title = main.textContent;
      main.textContent = readerText(start, end);
      var venue = cell.querySelector(".venue-time");
      if (venue) {
        var text = venueText(start, end, venue.getAttribute("data-zone"));
        if (text === "") {
          venue.hidden = true;
        } else if (text) {
          venue.querySelector("time").textContent = text;
        }
      }
    }
  }

  /* Schedule pages, row by row in slices of a few milliseconds with a pause
     between them: a schedule of hundreds of sessions never holds up the
     page for long. Then the page says so (data-times="done"). */
  function fillTimes() {
    var cells = document.querySelectorAll("td.when");
    var index = 0;
    function slice() {
      var until = performance.now() + 8;
      while (index < cells.length && performance.now() < until) {
        fillCell(cells[index]);
        index += 1;
      }
      if (index < cells.length) {
        window.setTimeout(slice, 0);
      } else {
        root.setAttribute("data-times", "done");
      }
    }
    slice();
  }

  function markSchedule(now) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.session[data-start]"));
    var upcoming = [];
    rows.forEach(function (row, index) {
      var start = Date.parse(row.getAttribute("data-start"));
      var past = isPast(start, Date.parse(row.getAttribute("data-end")), now);
      var state = row.querySelector(".state");
      row.classList.remove("past", "next", "live");
      state.textContent = "";
      if (past) {
        row.classList.add("past");
        state.appendChild(element("span", "vh", " (" + say("finished") + ")"));
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
      return;
    }
    var next = upcoming[0];
    fillCell(next.row.querySelector("td.when"));
    var live = next.start <= now && !next.row.classList.contains("tbc");
    next.row.classList.add("next");
    if (live) {
      next.row.classList.add("live");
    }
    next.row.querySelector(".state").appendChild(element("span", "badge badge-" + (live ? "live" : "next"), say(live ? "live" : "next")));
    var link = element("a", "", next.row.getAttribute("data-title"));
    link.href = "#" + next.row.id;
    jump.appendChild(element("strong", "", say(live ? "onNow" : "nextSession") + " "));
    jump.appendChild(link);
    jump.appendChild(document.createTextNode(", " + next.row.querySelector("time.main").textContent + "."));
  }

  function sessionWhen(session) {
    if (session.tbc) {
      return say("timeTbc", dayText(session.day));
    }
    return readerText(new Date(session.start), new Date(session.end));
  }

  /* The home page: each feed's next session, and the next races (or every session). */
  function fillHome(data, now) {
    document.querySelectorAll("p.next[data-feed]").forEach(function (paragraph) {
      var keys = data.feeds[paragraph.getAttribute("data-feed")] || [];
      var found = null;
      keys.some(function (key) {
        var session = data.sessions[key];
        if (isPast(Date.parse(session.start), Date.parse(session.end), now)) {
          return false;
        }
        found = key;
        return true;
      });
      paragraph.textContent = "";
      if (!found) {
        paragraph.removeAttribute("data-key");
        paragraph.textContent = paragraph.getAttribute("data-none");
        return;
      }
      var session = data.sessions[found];
      var live = Date.parse(session.start) <= now && !session.tbc;
      paragraph.setAttribute("data-key", found);
      var link = element("a", "", session.label);
      link.href = session.href;
      paragraph.appendChild(element("span", "label", say(live ? "onNow" : "nextSession") + " "));
      paragraph.appendChild(link);
      paragraph.appendChild(document.createTextNode(", " + sessionWhen(session) + "."));
    });
    fillNextUp(data, now);
  }

  function fillNextUp(data, now) {
    var list = document.querySelector(".next-up-list");
    if (!list) {
      return;
    }
    var every = list.getAttribute("data-show") === "all";
    var keys = Object.keys(data.sessions).filter(function (key) {
      var session = data.sessions[key];
      return (every || session.race) && !isPast(Date.parse(session.start), Date.parse(session.end), now);
    });
    keys.sort(function (a, b) { return Date.parse(data.sessions[a].start) - Date.parse(data.sessions[b].start) || (a < b ? -1 : 1); });
    list.textContent = "";
    keys.slice(0, NEXT_UP).forEach(function (key) {
      var session = data.sessions[key];
      var item = element("li");
      item.setAttribute("data-key", key);
      var link = element("a", "", session.label);
      link.href = session.href;
      item.appendChild(link);
      item.appendChild(element("br"));
      var time = element("time", "", sessionWhen(session));
      time.setAttribute("datetime", session.tbc ? session.day : session.start);
      item.appendChild(time);
      if (!session.tbc) {
        var venue = venueText(new Date(session.start), new Date(session.end), session.zone);
        if (venue) {
          item.appendChild(element("span", "venue-time", " · " + venue));
        }
      }
      list.appendChild(item);
    });
    var none = document.querySelector(".next-up-none") || element("p", "next-up-none");
    none.textContent = say("noneAhead");
    none.hidden = keys.length > 0;
    if (!none.parentNode) {
      list.parentNode.appendChild(none);
    }
  }

  function setUpNextUpChoice(data) {
    var choice = document.querySelector(".next-up-kinds");
    var list = document.querySelector(".next-up-list");
    if (!choice || !list) {
      return;
    }
    choice.querySelectorAll("button").forEach(function (button) {
      button.addEventListener("click", function () {
        list.setAttribute("data-show", button.getAttribute("data-show"));
        choice.querySelectorAll("button").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        fillNextUp(data, Date.now());
      });
    });
  }

  /* Finds a feed by any words of its name or description, each the start of a word. */
  function setUpFilter() {
    var box = document.querySelector(".filter");
    if (!box) {
      return;
    }
    var input = box.querySelector("input");
    var status = box.querySelector(".filter-status");
    input.addEventListener("input", function () {
      var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      document.querySelectorAll(".feed-group").forEach(function (group) {
        var inGroup = 0;
        group.querySelectorAll(".card[data-search]").forEach(function (card) {
          var text = " " + card.getAttribute("data-search").toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ");
          var match = words.every(function (word) { return text.indexOf(" " + word) !== -1; });
          card.hidden = !match;
          inGroup += match ? 1 : 0;
        });
        group.hidden = inGroup === 0;
        shown += inGroup;
      });
      status.textContent = shown ? "" : say("noMatch");
    });
  }

  function suggestLanguage() {
    var preferred = ((navigator.languages && navigator.languages[0]) || navigator.language || "").toLowerCase().split("-")[0];
    if (preferred && preferred !== pageLang) {
      var hint = document.querySelector('.suggest[data-lang="' + preferred + '"]');
      if (hint) {
        hint.hidden = false;
        hint.querySelector("button").addEventListener("click", function () {
          hint.hidden = true;
        });
      }
    }
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = button.closest(".copy").querySelector(".copy-status");
      button.hidden = false;
      function copied() {
        status.textContent = say("copied");
      }
      function byHand() {
        input.focus();
        input.select();
        status.textContent = say("copyByHand");
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

  var data = readJson("sessions-data");

  function update() {
    var now = Date.now();
    markSchedule(now);
    if (data) {
      fillHome(data, now);
    }
  }

  fillTimes();
  setUpCopyButtons();
  setUpFilter();
  suggestLanguage();
  if (data) {
    setUpNextUpChoice(data);
  }
  update();
  // Keep past and next right while the page stays open.
  window.setInterval(update, 60 * 1000);
}());
