// Sorts the rows of a table.sortable by the clicked column; cells with a
// data-v attribute sort by that number. The page reads the same without it.
(function () {
  "use strict";
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0];
    var heads = table.tHead.querySelectorAll("th");
    heads.forEach(function (th) {
      th.tabIndex = 0;
      var sort = function () {
        var i = th.cellIndex;
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var key = function (row) {
          var c = row.cells[i];
          var v = c.getAttribute("data-v");
          return v === null ? c.textContent.trim() : parseFloat(v);
        };
        Array.from(body.rows).sort(function (a, b) {
          var x = key(a), y = key(b);
          var d = typeof x === "number" ? x - y : x.localeCompare(y);
          return asc ? d : -d;
        }).forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); }
      });
    });
  });
})();
