// Sorting and filtering for the ledger table (no library, works offline).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.ipbook-ledger").forEach(function (table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ipbook-filter";
    input.placeholder = "Filter checks (theme, kind, verdict, words of the statement)…";
    input.setAttribute("aria-label", "Filter checks");
    table.parentNode.insertBefore(input, table);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      rows.forEach(function (r) { r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none"; });
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.classList.add("sortable");
      th.setAttribute("title", "Sort by this column");
      var asc = true;
      th.addEventListener("click", function () {
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        asc = !asc;
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  });
});
