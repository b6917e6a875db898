(function () {
  "use strict";
  var table = document.getElementById("reports");
  var body = table.tBodies[0];
  var buttons = Array.prototype.slice.call(table.tHead.querySelectorAll("button[data-col]"));

  function sortBy(button) {
    var column = Number(button.dataset.col);
    var numeric = button.dataset.type === "num";
    var header = button.parentNode;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      var value = row.cells[column].dataset.v;
      return { row: row, index: index, empty: value === "",
               key: numeric ? Number(value) : value };
    });
    rows.sort(function (a, b) {
      if (a.empty !== b.empty) { return a.empty ? 1 : -1; }  // missing values last, either way
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (ascending ? order : -order) || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
    buttons.forEach(function (other) { other.parentNode.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () { sortBy(button); });
  });
}());
