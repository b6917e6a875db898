/* Review controls, on a report page served by `python -m pipeline review` (after report.js).
   Every change is one request; the page shows what the server answers: the file as saved. */
(function () {
  "use strict";
  var textEl = document.getElementById("text");
  var page = decodeURIComponent(location.pathname.split("/").pop());
  var api = "api/" + encodeURIComponent(page);
  var state = null;      // the server's answer: corrections, claims, reference, stale, moved
  var current = null;    // the claim id under review
  var selection = null;  // {start, end} of a number selected in the text
  var fixBase = [];      // the comparators the fix form's rows were made from
  var comparator = null; // {start, end, text} of the focused comparator, when one is

  var panel = document.createElement("aside");
  panel.id = "review";
  panel.setAttribute("aria-label", "Review");
  panel.innerHTML =
    '<h2>Review</h2>' +
    '<p id="rv-status" role="status" aria-live="polite">loading…</p>' +
    '<p id="rv-progress"></p>' +
    '<ul id="rv-moved" class="rv-moved" aria-label="Corrections found at a new place" hidden></ul>' +
    '<label class="rv-reviewed"><input type="checkbox" id="rv-reviewed"> Report reviewed <kbd>R</kbd></label>' +
    '<section id="rv-claim" hidden>' +
    '  <h3>Claim <q id="rv-claim-text"></q> <small id="rv-claim-value"></small></h3>' +
    '  <p id="rv-comparator" hidden>Comparator <q></q>: <kbd>x</kbd> drops it from this claim, <kbd>f</kbd> fixes it</p>' +
    '  <p id="rv-claim-saved" class="rv-saved"></p>' +
    '  <div class="rv-buttons">' +
    '    <button type="button" data-verdict="correct">Correct <kbd>c</kbd></button>' +
    '    <button type="button" data-verdict="not_a_claim">Not a claim <kbd>x</kbd></button>' +
    '    <button type="button" data-verdict="fix">Fix… <kbd>f</kbd></button>' +
    '    <button type="button" data-verdict="clear">Clear <kbd>u</kbd></button>' +
    '  </div>' +
    '  <label>Note <input id="rv-note" autocomplete="off" placeholder="why (optional)"></label>' +
    '  <form id="rv-fix" hidden>' +
    '    <div class="rv-grid">' +
    '      <label>Value <input name="value" type="number" step="any" required></label>' +
    '      <label>Unit <select name="unit"></select></label>' +
    '      <label class="wide">Measure <select name="measure"></select></label>' +
    '      <label>Qualifier <input name="qualifier" autocomplete="off"></label>' +
    '      <label>Period <input name="period" autocomplete="off"></label>' +
    '      <label class="wide">Statement <select name="statement"></select></label>' +
    '      <label class="wide">Section <input name="section" autocomplete="off"></label>' +
    '      <label class="wide">Source <input name="source" list="rv-datasets" autocomplete="off"></label>' +
    '      <label>Source date <input name="source_date" autocomplete="off"></label>' +
    '    </div>' +
    '    <table class="rv-comparators"><caption>Comparators</caption>' +
    '      <thead><tr><th>text</th><th>kind</th><th>value</th><th>claim is</th><th>report says</th><th>drop</th></tr></thead>' +
    '      <tbody></tbody></table>' +
    '    <button type="submit">Save fix</button> <button type="button" id="rv-fix-cancel">Cancel</button>' +
    '  </form>' +
    '</section>' +
    '<section id="rv-add">' +
    '  <h3>Add a missed number</h3>' +
    '  <p class="rv-hint">Select it in the text, then press <kbd>a</kbd>.</p>' +
    '  <form id="rv-add-form" hidden>' +
    '    <p>Selected: <q id="rv-add-text"></q> <small id="rv-add-where"></small></p>' +
    '    <div class="rv-grid">' +
    '      <label>Value <input name="value" type="number" step="any" required></label>' +
    '      <label>Unit <select name="unit"></select></label>' +
    '      <label class="wide">Measure <select name="measure"></select></label>' +
    '    </div>' +
    '    <button type="submit">Add as a claim</button> <button type="button" id="rv-add-cancel">Cancel</button>' +
    '  </form>' +
    '  <ul id="rv-added"></ul>' +
    '</section>' +
    '<details><summary>Saved file</summary><p id="rv-file"></p><pre id="rv-json"></pre></details>' +
    '<p class="rv-hint"><kbd>n</kbd>/<kbd>p</kbd> next/previous claim · <kbd>c</kbd> correct · ' +
    '<kbd>x</kbd> not a claim (on a comparator: not its comparator) · <kbd>f</kbd> fix · <kbd>u</kbd> clear · ' +
    '<kbd>a</kbd> add the selection · ' +
    '<kbd>R</kbd> reviewed</p>' +
    '<datalist id="rv-datasets"></datalist>';
  document.body.appendChild(panel);
  document.body.classList.add("reviewing");

  function $(id) { return document.getElementById(id); }
  var fixForm = $("rv-fix"), addForm = $("rv-add-form");

  function option(select, value, label) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = label;
    select.appendChild(item);
  }

  function fillChoices(reference) {
    [fixForm, addForm].forEach(function (form) {
      reference.units.forEach(function (unit) { option(form.elements.unit, unit, unit); });
      option(form.elements.measure, "", "(none)");
      reference.measures.forEach(function (m) { option(form.elements.measure, m.id, m.name + " · " + m.id); });
    });
    option(fixForm.elements.statement, "", "(outside the statements)");
    reference.statements.forEach(function (s) { option(fixForm.elements.statement, s.slug, s.title); });
    reference.datasets.forEach(function (name) { option($("rv-datasets"), name, name); });
  }

  function status(message, failed) {
    var line = $("rv-status");
    line.textContent = message;
    line.classList.toggle("rv-error", !!failed);
  }

  function send(method, path, body) {
    status("saving…");
    return fetch(api + path, {
      method: method, headers: { "Content-Type": "application/json" },
      body: body === undefined ? "{}" : JSON.stringify(body), credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || response.statusText); }
        return data;
      });
    }).then(function (data) {
      show(data);
      status("saved " + new Date().toLocaleTimeString() + " to " + data.file);
      return data;
    }).catch(function (error) {
      status("not saved: " + error.message, true);
      throw error;
    });
  }

  function verdictOf(id) { return state && state.corrections.claims[id]; }

  function describe(correction) {
    if (!correction) { return "no verdict yet"; }
    var words = { correct: "correct", not_a_claim: "not a claim", fix: "fixed" }[correction.verdict];
    var fields = Object.keys(correction).filter(function (k) { return k !== "verdict" && k !== "note" && k !== "anchor"; });
    if (fields.length) {
      words += ": " + fields.map(function (k) { return k + " = " + JSON.stringify(correction[k]); }).join(", ");
    }
    return "saved: " + words + (correction.note ? " (" + correction.note + ")" : "");
  }

  function formatValue(value, unit) {
    return String(value) + (unit === "percent" ? "%" : " " + unit);
  }

  // The saved verdicts on the text: a class on each claim's mark, added numbers wrapped.
  function paint() {
    document.querySelectorAll("#text mark.claim").forEach(function (mark) {
      var correction = verdictOf(mark.dataset.claim);
      ["correct", "not_a_claim", "fix"].forEach(function (verdict) {
        mark.classList.toggle("rv-" + verdict, !!correction && correction.verdict === verdict);
      });
    });
    // a comparator a saved fix dropped from every claim it served
    document.querySelectorAll("#text mark.cmp").forEach(function (mark) {
      var ids = (mark.dataset.claims || "").split(" ").filter(Boolean);
      var dropped = ids.length > 0 && ids.every(function (id) {
        return state.claims[id] && !comparatorsNow(id).some(function (c) {
          return c.start === +mark.dataset.start && c.end === +mark.dataset.end;
        });
      });
      mark.classList.toggle("rv-dropped", dropped);
    });
    document.querySelectorAll("#text mark.rv-added").forEach(function (mark) {
      mark.replaceWith(document.createTextNode(mark.textContent));
    });
    textEl.normalize();
    state.corrections.added.forEach(function (added) { wrap(added.start, added.end); });
    var judged = Object.keys(state.corrections.claims).filter(function (id) { return state.claims[id]; }).length;
    $("rv-progress").textContent = judged + " of " + Object.keys(state.claims).length +
      " claims judged · " + state.corrections.added.length + " added" +
      (state.stale.length ? " · " + state.stale.length + " stale: " + state.stale.join("; ") : "");
    // corrections made on an earlier edition of the text, found again elsewhere: the file is
    // rewritten at their new places on the next change
    var moved = $("rv-moved");
    moved.textContent = "";
    moved.hidden = !(state.moved && state.moved.length);
    (state.moved || []).forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      moved.appendChild(item);
    });
    $("rv-reviewed").checked = !!state.corrections.reviewed;
    document.body.classList.toggle("rv-done", !!state.corrections.reviewed);
  }

  function locate(offset) {
    var walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT);
    var seen = 0, node;
    while ((node = walker.nextNode())) {
      if (offset <= seen + node.data.length) { return { node: node, offset: offset - seen }; }
      seen += node.data.length;
    }
    return null;
  }

  function wrap(start, end) {
    var from = locate(start), to = locate(end);
    if (!from || !to || from.node !== to.node) { return; }
    var range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    var mark = document.createElement("mark");
    mark.className = "rv-added";
    mark.title = "added by you";
    range.surroundContents(mark);
  }

  function show(data) {
    var reference = state && state.reference, claims = state && state.claims;
    state = data;
    state.reference = data.reference || reference;
    state.claims = data.claims || claims;
    $("rv-json").textContent = JSON.stringify(data.corrections, null, 2);
    $("rv-file").textContent = data.exists ? data.file : data.file + " (not written yet)";
    var list = $("rv-added");
    list.textContent = "";
    data.corrections.added.forEach(function (added) {
      var item = document.createElement("li");
      item.textContent = "“" + textOf(added.start, added.end) + "” = " + formatValue(added.value, added.unit) +
        (added.measure ? " · " + added.measure : "") + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "Remove";
      remove.addEventListener("click", function () {
        send("DELETE", "/added/" + added.start + "-" + added.end).catch(function () {});
      });
      item.appendChild(remove);
      list.appendChild(item);
    });
    paint();
    if (current) { select(current, true); }
  }

  var fullText = textEl.textContent;
  function textOf(start, end) { return fullText.slice(start, end); }

  // ``saved``: called with the server's answer, so the note shows what is saved; else the
  // note typed for this claim is kept until another claim is chosen.
  function select(id, saved) {
    var claim = state && state.claims[id];
    if (!claim) { return; }
    var other = id !== current;
    current = id;
    $("rv-claim").hidden = false;
    $("rv-claim-text").textContent = claim.text;
    $("rv-claim-value").textContent = formatValue(claim.value, claim.unit) + (claim.measure ? " · " + claim.measure : "");
    var correction = verdictOf(id);
    $("rv-claim-saved").textContent = describe(correction);
    $("rv-claim").dataset.verdict = correction ? correction.verdict : "";
    if (other || saved) { $("rv-note").value = correction && correction.note || ""; }
  }

  function note() {
    var value = $("rv-note").value.trim();
    return value ? { note: value } : {};
  }

  // The claim's comparators as they stand: a saved fix's list, else the extraction's.
  function comparatorsNow(id) {
    var saved = verdictOf(id);
    return saved && saved.verdict === "fix" && saved.comparators ? saved.comparators : state.claims[id].comparators || [];
  }

  function dropComparator() {
    var id = current, saved = verdictOf(id);
    var kept = comparatorsNow(id).filter(function (c) {
      return c.start !== comparator.start || c.end !== comparator.end;
    });
    var fix = Object.assign({}, saved && saved.verdict === "fix" ? saved : {}, { verdict: "fix", comparators: kept }, note());
    send("PUT", "/claims/" + id, fix).catch(function () {});
  }

  function verdict(kind) {
    if (!current) { status("focus a claim first (n, p or Tab)", true); return; }
    if (kind === "fix") { openFix(); return; }
    if (kind === "not_a_claim" && comparator) { fixForm.hidden = true; dropComparator(); return; }
    fixForm.hidden = true;
    if (kind === "clear") {
      if (verdictOf(current)) { send("DELETE", "/claims/" + current).catch(function () {}); }
      return;
    }
    send("PUT", "/claims/" + current, Object.assign({ verdict: kind }, note())).catch(function () {});
  }

  // The fix form: the claim as it is now (with a saved fix applied), sent back as only the
  // fields that differ from the extraction.
  function openFix() {
    var claim = state.claims[current], saved = verdictOf(current) || {};
    var now = Object.assign({}, claim, saved.verdict === "fix" ? saved : {});
    var e = fixForm.elements;
    e.value.value = now.value;
    e.unit.value = now.unit;
    e.measure.value = now.measure || "";
    e.qualifier.value = now.qualifier || "";
    e.period.value = periodText(now.period) || "";
    e.statement.value = now.statement || "";
    e.section.value = now.section || "";
    e.source.value = now.source ? now.source.name : "";
    e.source_date.value = now.source ? now.source.date || "" : "";
    var body = fixForm.querySelector("tbody");
    body.textContent = "";
    fixBase = now.comparators || [];
    (now.comparators || []).forEach(function (c, index) {
      var row = document.createElement("tr");
      row.dataset.index = index;
      var cells = [document.createTextNode(c.text)];
      var kind = document.createElement("select");
      state.reference.kinds.forEach(function (k) { option(kind, k.id, k.name); });
      kind.value = c.kind; kind.name = "kind";
      var value = document.createElement("input");
      value.type = "number"; value.step = "any"; value.value = c.value; value.name = "cvalue";
      var direction = document.createElement("select");
      option(direction, "", "–");
      state.reference.directions.forEach(function (d) { option(direction, d, d); });
      direction.value = c.direction || ""; direction.name = "direction";
      var qualifier = document.createElement("input");
      qualifier.value = c.qualifier || ""; qualifier.name = "cqualifier";
      var drop = document.createElement("input");
      drop.type = "checkbox"; drop.name = "drop"; drop.setAttribute("aria-label", "drop this comparator");
      cells.push(kind, value, direction, qualifier, drop);
      cells.forEach(function (cell) { var td = document.createElement("td"); td.appendChild(cell); row.appendChild(td); });
      body.appendChild(row);
    });
    fixForm.querySelector("table").hidden = !(now.comparators || []).length;
    fixForm.hidden = false;
    var row = comparator && (now.comparators || []).findIndex(function (c) {
      return c.start === comparator.start && c.end === comparator.end;
    });
    if (comparator && row >= 0) {
      body.children[row].querySelector("select").focus();
    } else {
      e.value.focus();
      e.value.select();
    }
  }

  function orNull(text) { text = text.trim(); return text ? text : null; }

  // A claim's period is an object (its words, place, kind and dates); a fix gives its words
  function periodText(period) {
    return period && typeof period === "object" ? period.text : period || null;
  }

  function fixedFields() {
    var claim = state.claims[current], e = fixForm.elements, out = {};
    var wanted = {
      value: parseFloat(e.value.value), unit: e.unit.value, measure: orNull(e.measure.value),
      qualifier: orNull(e.qualifier.value), period: orNull(e.period.value),
      statement: orNull(e.statement.value), section: orNull(e.section.value)
    };
    Object.keys(wanted).forEach(function (key) {
      var was = claim[key] === undefined ? null : claim[key];
      if (key === "period") { was = periodText(was); }
      if (wanted[key] !== was) { out[key] = wanted[key]; }
    });
    var name = orNull(e.source.value), date = orNull(e.source_date.value);
    var before = claim.source ? [claim.source.name, claim.source.date || null] : [null, null];
    if (name !== before[0] || date !== before[1]) { out.source = name ? { name: name, date: date } : null; }
    var comparators = [];
    fixForm.querySelectorAll("tbody tr").forEach(function (row) {
      var c = Object.assign({}, fixBase[+row.dataset.index]);
      var get = function (n) { return row.querySelector('[name="' + n + '"]'); };
      if (get("drop").checked) { return; }
      c.kind = get("kind").value;
      c.value = parseFloat(get("cvalue").value);
      c.direction = get("direction").value || null;
      c.qualifier = orNull(get("cqualifier").value);
      comparators.push(c);
    });
    if (JSON.stringify(comparators) !== JSON.stringify(claim.comparators || [])) { out.comparators = comparators; }
    return out;
  }

  fixForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = fixedFields();
    if (!Object.keys(fields).length) { status("nothing differs from the extraction: use Correct", true); return; }
    var id = current;
    send("PUT", "/claims/" + id, Object.assign({ verdict: "fix" }, fields, note())).then(function () {
      fixForm.hidden = true;
      var mark = document.querySelector('#text mark.claim[data-claim="' + id + '"]');
      if (mark) { mark.focus(); }
    }).catch(function () {});
  });
  $("rv-fix-cancel").addEventListener("click", function () { fixForm.hidden = true; });

  // Adding a number: the selection's offsets in the report text (the text container's text
  // is the report's text exactly, so a range from its start counts characters).
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(textEl, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function guessUnit(surface, after) {
    if (/%/.test(surface) || /^\s*(per ?cent)/i.test(after)) { return "percent"; }
    if (/£/.test(surface)) { return "gbp"; }
    var unit = /^\s*(days|weeks|months|years)\b/i.exec(after);
    return unit ? unit[1].toLowerCase() : "count";
  }

  function openAdd() {
    var chosen = window.getSelection();
    if (!chosen || chosen.isCollapsed || !textEl.contains(chosen.anchorNode) || !textEl.contains(chosen.focusNode)) {
      status("select a number in the report text first", true);
      return;
    }
    var range = chosen.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    while (start < end && /\s/.test(fullText[start])) { start++; }
    while (end > start && /\s/.test(fullText[end - 1])) { end--; }
    var surface = textOf(start, end);
    var digits = /\d[\d,]*(\.\d+)?/.exec(surface);
    selection = { start: start, end: end };
    $("rv-add-text").textContent = surface;
    $("rv-add-where").textContent = "characters " + start + "–" + end;
    addForm.elements.value.value = digits ? parseFloat(digits[0].replace(/,/g, "")) : "";
    addForm.elements.unit.value = guessUnit(surface, fullText.slice(end, end + 12));
    addForm.elements.measure.value = "";
    addForm.hidden = false;
    addForm.elements.value.focus();
  }

  addForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!selection) { return; }
    var e = addForm.elements;
    send("POST", "/added", {
      start: selection.start, end: selection.end, text: textOf(selection.start, selection.end),
      value: parseFloat(e.value.value), unit: e.unit.value, measure: orNull(e.measure.value)
    }).then(function () { addForm.hidden = true; selection = null; }).catch(function () {});
  });
  $("rv-add-cancel").addEventListener("click", function () { addForm.hidden = true; });

  $("rv-reviewed").addEventListener("change", function (event) {
    send("PUT", "/reviewed", { reviewed: event.target.checked }).catch(function () {
      event.target.checked = !event.target.checked;
    });
  });

  panel.querySelectorAll("[data-verdict]").forEach(function (button) {
    button.addEventListener("click", function () { verdict(button.dataset.verdict); });
  });

  // The claim under review follows the focus: a claim's mark, or a comparator's first claim.
  document.addEventListener("focusin", function (event) {
    var mark = event.target.closest && event.target.closest("#text mark.claim, #text mark.cmp");
    if (!mark) { return; }
    var id = mark.dataset.claim || (mark.dataset.claims || "").split(" ")[0];
    if (id && id !== current) { fixForm.hidden = true; }
    comparator = mark.classList.contains("cmp")
      ? { start: +mark.dataset.start, end: +mark.dataset.end } : null;
    $("rv-comparator").hidden = !comparator;
    if (comparator) { $("rv-comparator").querySelector("q").textContent = textOf(comparator.start, comparator.end); }
    if (id) { select(id); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) {
      if (event.key === "Escape") { fixForm.hidden = true; addForm.hidden = true; event.target.blur(); }
      return;
    }
    var keys = { c: "correct", x: "not_a_claim", f: "fix", u: "clear" };
    if (keys[event.key]) { verdict(keys[event.key]); event.preventDefault(); }
    else if (event.key === "a") { openAdd(); event.preventDefault(); }
    else if (event.key === "R") {
      var box = $("rv-reviewed");
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change"));
      event.preventDefault();
    }
  });

  fetch(api + "/state", { credentials: "same-origin" }).then(function (response) {
    return response.json().then(function (data) {
      if (!response.ok) { throw new Error(data.error || response.statusText); }
      return data;
    });
  }).then(function (data) {
    fillChoices(data.reference);
    show(data);
    status(data.exists ? "loaded " + data.file : "no corrections yet: the first change writes " + data.file);
    document.body.dataset.reviewReady = "true";
  }).catch(function (error) { status("cannot load the review state: " + error.message, true); });
}());
