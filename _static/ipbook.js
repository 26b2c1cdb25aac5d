// Sorting and filtering for the ledger table (no library, works offline).
// Rows arrive sorted by severity (material findings first); a heading sorts by its column (click, Enter or Space),
// the buttons keep the rows of one verdict, and the box filters by any words of a row.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.ipbook-ledger").forEach(function (table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var state = { words: "", finding: "" };
    function apply() {
      rows.forEach(function (r) {
        var okWords = r.textContent.toLowerCase().indexOf(state.words) >= 0;
        var okFinding = !state.finding || (r.getAttribute("data-finding") || "") === state.finding;
        r.style.display = okWords && okFinding ? "" : "none";
      });
    }
    var buttons = document.createElement("div");
    buttons.className = "ipbook-filter-buttons";
    buttons.setAttribute("role", "group");
    buttons.setAttribute("aria-label", "Show checks by verdict");
    var seen = [];
    rows.forEach(function (r) {
      var f = r.getAttribute("data-finding") || "";
      if (f && seen.indexOf(f) < 0) { seen.push(f); }
    });
    ["", ...seen].forEach(function (f) {
      var n = f ? rows.filter(function (r) { return r.getAttribute("data-finding") === f; }).length : rows.length;
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = (f || "all") + " (" + n + ")";
      b.setAttribute("aria-pressed", f === "" ? "true" : "false");
      b.addEventListener("click", function () {
        state.finding = f;
        buttons.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
        apply();
      });
      buttons.appendChild(b);
    });
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ipbook-filter";
    input.placeholder = "Filter checks (theme, kind, verdict, words of the statement)…";
    input.setAttribute("aria-label", "Filter checks");
    table.parentNode.insertBefore(buttons, table);
    table.parentNode.insertBefore(input, table);
    input.addEventListener("input", function () { state.words = input.value.toLowerCase(); apply(); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      if (th.classList.contains("col-more")) { return; }
      th.classList.add("sortable");
      th.setAttribute("title", "Sort by this column");
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      var asc = true;
      function sort() {
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        asc = !asc;
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
});
