/* Starts GOV.UK Frontend's components (header menu, error summary, buttons) on every page. */
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

/* On a narrow screen a table's rows stack (coprod.css): each cell is labelled with its column's
   header, so every column reads without scrolling sideways. */
document.querySelectorAll("table.govuk-table").forEach(function (table) {
  var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
    return th.textContent.trim();
  });
  if (!heads.length) return;
  table.classList.add("coprod-stacks");
  table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
    var column = 0;
    Array.prototype.forEach.call(row.children, function (cell) {
      if (heads[column] && cell.tagName === "TD" && !cell.hasAttribute("data-label")) {
        cell.setAttribute("data-label", heads[column]);
      }
      column += cell.colSpan || 1;
    });
  });
});
