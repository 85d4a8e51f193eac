// The compare page: choose columns, sort, filter, and download exactly the table shown as CSV.
import { keepLangLinks, pageData, redirecting } from "./common.js";

const P = pageData();
const table = document.getElementById("compare");
const headCells = [...table.tHead.rows[0].cells];
const filterCells = [...table.tHead.rows[1].cells];
const body = table.tBodies[0];
const rows = [...body.rows];
const textFilter = document.getElementById("filter");
const valueFilters = new Map(); // column key -> select
const FILTERED_KINDS = new Set(["category", "boolean", "list", "integer"]);

const collator = new Intl.Collator(P.collation || "en", { numeric: true });
const colIndex = new Map(headCells.map((th, i) => [th.dataset.col, i]));
const cellText = (tr, i) => tr.cells[i].textContent.trim();

function visibleColumns() {
  return headCells.filter((th) => !th.hidden).map((th) => colIndex.get(th.dataset.col));
}

function setColumn(key, on) {
  const i = colIndex.get(key);
  headCells[i].hidden = !on;
  filterCells[i].hidden = !on;
  for (const tr of rows) tr.cells[i].hidden = !on;
  if (!on && valueFilters.has(key)) valueFilters.get(key).value = "";
}

function buildValueFilters() {
  headCells.forEach((th, i) => {
    if (!FILTERED_KINDS.has(th.dataset.kind)) return;
    const values = [...new Set(rows.map((tr) => cellText(tr, i)))].sort(collator.compare);
    if (values.length < 2) return;
    const select = document.createElement("select");
    select.setAttribute("aria-label", th.textContent.trim());
    select.append(new Option(P.texts.all_values, ""), ...values.map((v) => new Option(v, v)));
    select.addEventListener("change", applyFilters);
    filterCells[i].append(select);
    valueFilters.set(th.dataset.col, select);
  });
}

function applyFilters() {
  const needle = textFilter.value.trim().toLowerCase();
  const visible = visibleColumns();
  let shown = 0;
  for (const tr of rows) {
    let ok = !needle || visible.some((i) => cellText(tr, i).toLowerCase().includes(needle));
    for (const [key, select] of valueFilters) {
      if (ok && select.value && !headCells[colIndex.get(key)].hidden) ok = cellText(tr, colIndex.get(key)) === select.value;
    }
    tr.hidden = !ok;
    if (ok) shown += 1;
  }
  document.getElementById("rows-shown").textContent = P.texts.rows_shown.replace("{n}", shown).replace("{total}", rows.length);
}

function sortBy(i) {
  const th = headCells[i];
  const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
  for (const h of headCells) h.removeAttribute("aria-sort");
  th.setAttribute("aria-sort", dir);
  const key = (tr) => tr.cells[i].dataset.sort ?? "";
  const numeric = rows.every((tr) => key(tr) === "" || !Number.isNaN(Number(key(tr))));
  const sign = dir === "ascending" ? 1 : -1;
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === "" || y === "") return (x === "") - (y === ""); // unknowns last either way
    return sign * (numeric ? Number(x) - Number(y) : collator.compare(x, y));
  });
  body.append(...rows);
}

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// The rows and columns shown, with the date first; UTF-8 with a byte-order mark (Excel), CRLF lines.
export function csvText() {
  const visible = visibleColumns();
  const lines = [["as_of", ...visible.map((i) => headCells[i].textContent.trim())]];
  for (const tr of rows) {
    if (!tr.hidden) lines.push([P.at, ...visible.map((i) => cellText(tr, i))]);
  }
  return `\ufeff${lines.map((l) => l.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function download() {
  const blob = new Blob([csvText()], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `nnatlas-compare-${P.at}-${P.data_version}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// The view (columns, sort, filters) in the address's fragment, so that it can be shared as a link.
function writeView() {
  const q = new URLSearchParams();
  q.set("cols", headCells.filter((th) => !th.hidden && boxes.has(th.dataset.col)).map((th) => th.dataset.col).join(","));
  const sorted = headCells.find((th) => th.hasAttribute("aria-sort"));
  if (sorted) q.set("sort", `${sorted.dataset.col}:${sorted.getAttribute("aria-sort") === "ascending" ? "asc" : "desc"}`);
  if (textFilter.value) q.set("q", textFilter.value);
  for (const [key, select] of valueFilters) if (select.value) q.set(`f.${key}`, select.value);
  history.replaceState(null, "", `${location.pathname}${location.search}#${q}`);
  keepLangLinks();
}

function readView() {
  if (!location.hash.includes("=")) return;
  const q = new URLSearchParams(location.hash.slice(1));
  if (q.has("cols")) {
    const cols = new Set(q.get("cols").split(","));
    for (const [key, box] of boxes) {
      box.checked = cols.has(key);
      setColumn(key, box.checked);
    }
  }
  textFilter.value = q.get("q") || "";
  for (const [key, select] of valueFilters) select.value = q.get(`f.${key}`) || "";
  const [col, dir] = (q.get("sort") || "").split(":");
  if (colIndex.has(col)) {
    sortBy(colIndex.get(col));
    if (dir === "desc") sortBy(colIndex.get(col));
  }
}

const boxes = new Map([...document.querySelectorAll("fieldset.columns input[name=col]")].map((b) => [b.value, b]));

if (!redirecting) {
  for (const box of boxes.values()) {
    box.addEventListener("change", () => {
      setColumn(box.value, box.checked);
      applyFilters();
      writeView();
    });
  }
  headCells.forEach((th, i) =>
    th.querySelector("button.sort").addEventListener("click", () => {
      sortBy(i);
      writeView();
    }),
  );
  textFilter.addEventListener("input", () => {
    applyFilters();
    writeView();
  });
  document.getElementById("download-csv").addEventListener("click", download);
  buildValueFilters();
  for (const select of valueFilters.values()) select.addEventListener("change", writeView);
  readView();
  applyFilters();
  document.body.dataset.ready = "true";
}
