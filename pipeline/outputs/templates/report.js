(function () {
  "use strict";
  var popup = document.getElementById("popup");
  var current = null;
  var hideTimer = null;
  var claims = Array.prototype.slice.call(document.querySelectorAll("#text mark.claim"));

  function claimIds(mark) {
    if (mark.dataset.claim) { return [mark.dataset.claim]; }
    return (mark.dataset.claims || "").split(" ").filter(Boolean);
  }

  function related(ids, on) {
    ids.forEach(function (id) {
      document.querySelectorAll('#text mark.cmp[data-claims~="' + id + '"], #text mark.claim[data-claim="' + id + '"]')
        .forEach(function (other) { other.classList.toggle("related", on); });
    });
  }

  // The box goes under the claim and the comparators it is read with (when they are close
  // by), so that it hides neither; above them when there is no room below.
  function place(mark) {
    var box = mark.getBoundingClientRect();
    var upper = box.top, lower = box.bottom;
    document.querySelectorAll("#text mark.related").forEach(function (other) {
      var rect = other.getBoundingClientRect();
      if (Math.abs(rect.top - box.top) < 160) {
        upper = Math.min(upper, rect.top);
        lower = Math.max(lower, rect.bottom);
      }
    });
    var width = popup.offsetWidth, height = popup.offsetHeight;
    var left = Math.min(Math.max(8, box.left), window.innerWidth - width - 8);
    var top = lower + 6;
    if (top + height > window.innerHeight - 8 && upper - height - 6 > 8) { top = upper - height - 6; }
    popup.style.left = Math.max(8, left) + "px";
    popup.style.top = Math.max(8, top) + "px";
  }

  function show(mark) {
    clearTimeout(hideTimer);
    if (current === mark && !popup.hidden) { return; }
    hide(true);
    var ids = claimIds(mark);
    ids.forEach(function (id) {
      var template = document.getElementById("detail-" + id);
      if (template) { popup.appendChild(template.content.cloneNode(true)); }
    });
    if (!popup.firstChild) { return; }
    current = mark;
    mark.classList.add("active");
    mark.setAttribute("aria-describedby", "popup");
    related(ids, true);
    popup.hidden = false;
    place(mark);
  }

  function hide(now) {
    clearTimeout(hideTimer);
    if (!now) { hideTimer = setTimeout(function () { hide(true); }, 250); return; }
    if (current) {
      current.classList.remove("active");
      current.removeAttribute("aria-describedby");
      related(claimIds(current), false);
    }
    current = null;
    popup.hidden = true;
    popup.textContent = "";
  }

  function markOf(node) {
    return node && node.closest ? node.closest("#text mark.claim, #text mark.cmp") : null;
  }

  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark); }
  });
  document.addEventListener("focusout", function (event) {
    if (markOf(event.target) && !markOf(event.relatedTarget)) { hide(true); }
  });
  document.addEventListener("mouseover", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark); } else if (popup.contains(event.target)) { clearTimeout(hideTimer); }
  });
  document.addEventListener("mouseout", function (event) {
    if ((markOf(event.target) || popup.contains(event.target)) && document.activeElement !== current) { hide(false); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(true); return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
    if (event.key !== "n" && event.key !== "p") { return; }
    if (!claims.length) { return; }
    var at = claims.indexOf(markOf(document.activeElement));
    var next = event.key === "n" ? (at + 1) % claims.length : (at <= 0 ? claims.length - 1 : at - 1);
    claims[next].focus();
    event.preventDefault();
  });
  window.addEventListener("scroll", function () { if (current) { place(current); } }, { passive: true });

  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && markOf(target) === target) { target.focus({ preventScroll: true }); }
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();
}());
