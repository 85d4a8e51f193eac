// The map page: the New Areas of a date on the packaged basemap, coloured by a framework variable.
// State (date, variable, selection, language) lives in the address: the date's moves replace the history
// entry (history.replaceState), a new variable or selection adds one (pushState), and Back restores it.
import { fetchJSON, pageData, redirecting, syncLinks } from "./common.js";

const P = pageData();
const L = window.L;
const VARS = new Map(P.variables.map((v) => [v.key, v]));
const state = { at: P.at, var: P.var, sel: P.sel || "", lang: P.lang };
const cache = new Map(); // date -> Promise of {fp, fw}
let interacted = false; // prefetch the slider's neighbours only once the user moves it
let current = null; // the data drawn
let token = 0;
let only = null; // the legend entry the list is narrowed to (its label), if any

const $ = (id) => document.getElementById(id);
const slider = $("slider");
const dateInput = $("date");
const varSelect = $("var");

// --- dates and the slider (one step a month; the last step is today) --------------------------
const FIRST_YEAR = Number(P.first_day.slice(0, 4));
const pad = (n) => String(n).padStart(2, "0");
function monthIndex(iso) {
  return (Number(iso.slice(0, 4)) - FIRST_YEAR) * 12 + Number(iso.slice(5, 7)) - 1;
}
function dateOfIndex(i) {
  const y = FIRST_YEAR + Math.floor(i / 12);
  const m = (i % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const iso = `${y}-${pad(m)}-${pad(last)}`;
  return iso > P.today ? P.today : iso;
}
function clampDate(iso) {
  if (iso < P.first_day) return P.first_day;
  return iso > P.today ? P.today : iso;
}

// --- data, cached per date ----------------------------------------------------------------------
function load(at) {
  if (!cache.has(at)) {
    const promise = Promise.all([
      fetchJSON(`/api/geo/footprints?at=${at}`),
      fetchJSON(`/api/framework?at=${at}`),
    ]).then(([fp, fw]) => ({ at, fp, fw: new Map((Array.isArray(fw) ? fw : fw.records).map((r) => [r.id, r])) }));
    promise.catch(() => cache.delete(at));
    cache.set(at, promise);
  }
  return cache.get(at);
}
function prefetchNeighbours() {
  const i = Number(slider.value);
  for (const j of [i - 1, i + 1]) {
    if (j >= 0 && j <= Number(slider.max)) load(dateOfIndex(j)).catch(() => {});
  }
}

// --- values, labels and colours ----------------------------------------------------------------
function valueOf(record, key) {
  const [dim, name] = key.split(".");
  return record?.[dim]?.[name] ?? null;
}
function labelOf(v, value) {
  if (value === null || value === undefined) return P.labels.unknown;
  if (typeof value === "boolean") return P.labels[String(value)];
  if (Array.isArray(value)) return value.map((x) => v.categories[x] ?? String(x)).join(" → ");
  if (typeof value === "number") return value.toLocaleString(state.lang === "zh" ? "zh-CN" : "en");
  return v.categories[value] ?? String(value);
}
function interpolate(stops, t) {
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const a = stops[i].match(/\w\w/g).map((h) => parseInt(h, 16));
  const b = stops[i + 1].match(/\w\w/g).map((h) => parseInt(h, 16));
  return `#${a.map((c, k) => pad(Math.round(c + (b[k] - c) * f).toString(16))).join("")}`;
}

// A scale: {colour(value), entries: [{label, colour, count}]} for the values of the date.
function makeScale(v, values) {
  const pal = P.palette;
  const unknown = values.filter((x) => x === null || x === undefined).length;
  const known = values.filter((x) => x !== null && x !== undefined);
  let colour;
  let entries = [];
  const count = (pred) => known.filter(pred).length;
  if (v.kind === "boolean") {
    colour = (x) => pal.boolean[String(x)];
    entries = [true, false].map((b) => ({ label: labelOf(v, b), colour: pal.boolean[String(b)], count: count((x) => x === b) }));
  } else if (v.kind === "number" || v.kind === "integer") {
    const distinct = [...new Set(known)].sort((a, b) => a - b);
    const lo = distinct[0];
    const hi = distinct[distinct.length - 1];
    const at = (x) => interpolate(pal.sequential, hi > lo ? (x - lo) / (hi - lo) : 0.5);
    colour = at;
    if (v.kind === "integer" && distinct.length <= 8) {
      entries = distinct.map((d) => ({ label: labelOf(v, d), colour: at(d), count: count((x) => x === d) }));
    } else if (distinct.length) {
      const bins = Math.min(5, distinct.length);
      const step = (hi - lo) / bins;
      for (let b = 0; b < bins; b++) {
        const from = lo + b * step;
        const to = b === bins - 1 ? hi : lo + (b + 1) * step;
        const inBin = (x) => x >= from && (b === bins - 1 ? x <= to : x < to);
        const fmt = (n) => Math.round(n).toLocaleString(state.lang === "zh" ? "zh-CN" : "en");
        entries.push({ label: `${fmt(from)} – ${fmt(to)}`, colour: at((from + to) / 2), count: count(inBin) });
      }
    }
  } else {
    const keys = known.map((x) => (Array.isArray(x) ? x.join("|") : String(x)));
    // Colours follow the vocabulary's order, so a category keeps its colour at every date.
    const allTerms = v.order || Object.keys(v.categories);
    const order = [...allTerms.filter((c) => keys.includes(c)), ...[...new Set(keys)].filter((k) => !allTerms.includes(k)).sort()];
    const fixed = v.key === "size.region" ? pal.region : null;
    const colourOfKey = (k) => {
      if (fixed?.[k]) return fixed[k];
      const i = allTerms.includes(k) && v.kind === "category" ? allTerms.indexOf(k) : order.indexOf(k);
      return pal.categories[i % pal.categories.length];
    };
    colour = (x) => colourOfKey(Array.isArray(x) ? x.join("|") : String(x));
    entries = order.map((k) => ({
      label: labelOf(v, v.kind === "list" ? k.split("|") : k),
      colour: colourOfKey(k),
      count: keys.filter((x) => x === k).length,
    }));
  }
  entries = entries.filter((e) => e.count > 0 || v.kind === "boolean");
  if (unknown) entries.push({ label: P.labels.unknown, colour: pal.unknown, count: unknown });
  return { colour: (x) => (x === null || x === undefined ? pal.unknown : colour(x)), entries };
}

// --- the map -------------------------------------------------------------------------------------
const map = L.map("map", { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 3, maxZoom: 12, attributionControl: false, worldCopyJump: false });
map.fitBounds([
  [17.5, 73],
  [53.8, 135],
]);
L.control.scale({ imperial: false, position: "bottomright" }).addTo(map);
map.createPane("base").style.zIndex = 350;
map.createPane("feet").style.zIndex = 420;
map.createPane("marks").style.zIndex = 450;
const footLayer = L.layerGroup().addTo(map);
const markLayer = L.layerGroup().addTo(map);
const layersById = new Map();

async function drawBase() {
  const base = await fetchJSON("/api/geo/base");
  L.geoJSON(base.provinces, {
    pane: "base",
    interactive: false,
    style: { color: "#a9aeb3", weight: 0.7, fillColor: "#f7f7f4", fillOpacity: 1 },
  }).addTo(map);
  L.geoJSON(base.outline, { pane: "base", interactive: false, style: { color: "#5b6166", weight: 1.1, fill: false } }).addTo(map);
}

function nameOf(id, props) {
  const ref = P.areas[id];
  if (ref) return ref.name;
  return state.lang === "zh" ? props?.name_zh : props?.name_en;
}
function areaHref(id) {
  return `/areas/${encodeURIComponent(id)}?at=${state.at}&lang=${state.lang}`;
}
function tooltip(id, props, label) {
  const el = document.createElement("div");
  const name = document.createElement("strong");
  name.textContent = nameOf(id, props);
  const value = document.createElement("span");
  value.className = "v";
  value.textContent = label;
  el.append(name, value);
  return el;
}
function openArea(id) {
  state.sel = id;
  writeAddress(true);
  location.assign(areaHref(id));
}

function centreOf(feature) {
  const p = feature.properties;
  if (typeof p.label_lon === "number") return [p.label_lat, p.label_lon];
  return L.geoJSON(feature).getBounds().getCenter();
}

function draw(data) {
  const t0 = performance.now();
  current = data;
  const v = VARS.get(state.var);
  const ids = [...data.fw.keys()].sort((a, b) => (P.areas[a]?.approved ?? "").localeCompare(P.areas[b]?.approved ?? "") || a.localeCompare(b));
  const scale = makeScale(v, ids.map((id) => valueOf(data.fw.get(id), state.var)));
  footLayer.clearLayers();
  markLayer.clearLayers();
  layersById.clear();
  for (const feature of data.fp.features) {
    const id = feature.properties.id;
    const value = valueOf(data.fw.get(id), state.var);
    const fill = scale.colour(value);
    const label = labelOf(v, value);
    const dim = only !== null && label !== only;
    const foot = L.geoJSON(feature, {
      pane: "feet",
      style: { color: "#2b2f33", weight: 0.8, fillColor: fill, fillOpacity: dim ? 0.15 : 0.8, opacity: dim ? 0.3 : 1, className: `nna-foot nna-${id}` },
    });
    const mark = L.circleMarker(centreOf(feature), {
      pane: "marks",
      radius: 5.5,
      color: "#ffffff",
      weight: 1.6,
      fillColor: fill,
      fillOpacity: dim ? 0.2 : 1,
      opacity: dim ? 0.3 : 1,
      className: `nna-marker nna-${id}`,
    });
    for (const layer of [foot, mark]) {
      layer.bindTooltip(tooltip(id, feature.properties, label), { sticky: true, className: "nna-tip", direction: "top" });
      layer.on("click", () => openArea(id));
      layer.addTo(layer === foot ? footLayer : markLayer);
    }
    mark.getElement()?.setAttribute("data-id", id);
    layersById.set(id, { foot, mark });
  }
  renderLegend(v, scale);
  renderList(v, scale, ids, data);
  highlight();
  $("as-of").textContent = data.at;
  $("as-of").setAttribute("datetime", data.at);
  for (const el of document.querySelectorAll("time.as-of")) el.textContent = data.at;
  $("map-status").textContent = "";
  const ms = performance.now() - t0;
  performance.measure?.("nnatlas-draw", { start: t0, duration: ms });
  document.body.dataset.drawnAt = data.at;
  document.body.dataset.drawnVar = state.var;
  return ms;
}

function renderLegend(v, scale) {
  $("var-label").textContent = v.label;
  if (only !== null && !scale.entries.some((e) => e.label === only)) only = null;
  const ul = $("legend");
  ul.replaceChildren(
    ...scale.entries.map((e) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "entry";
      button.setAttribute("aria-pressed", String(only === e.label));
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = e.colour;
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = e.label;
      const n = document.createElement("span");
      n.className = "count";
      n.textContent = e.count;
      button.append(sw, label, n);
      button.addEventListener("click", () => {
        only = only === e.label ? null : e.label;
        if (current) draw(current);
      });
      li.append(button);
      return li;
    }),
  );
  if (only !== null) {
    const li = document.createElement("li");
    const all = document.createElement("button");
    all.type = "button";
    all.className = "show-all";
    all.textContent = P.texts.show_all;
    all.addEventListener("click", () => {
      only = null;
      if (current) draw(current);
    });
    li.append(all);
    ul.append(li);
  }
}

function renderList(v, scale, ids, data) {
  const T = P.texts;
  $("count-text").textContent = ids.length
    ? T.shown_count.replace("{n}", ids.length).replace("{day}", data.at)
    : T.no_areas.replace("{day}", data.at);
  const notDrawn = new Map((data.fp.not_drawn || []).map((n) => [n.id, n.reason]));
  $("area-list").replaceChildren(
    ...ids.map((id) => {
      const value = valueOf(data.fw.get(id), state.var);
      const li = document.createElement("li");
      li.dataset.id = id;
      li.dataset.drawn = String(!notDrawn.has(id));
      if (notDrawn.has(id)) li.classList.add("not-drawn-item");
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = scale.colour(value);
      const a = document.createElement("a");
      a.href = areaHref(id);
      a.textContent = nameOf(id);
      const val = document.createElement("span");
      val.className = "value";
      val.textContent = labelOf(v, value);
      const ap = document.createElement("span");
      ap.className = "approved";
      ap.textContent = P.areas[id]?.approved ?? "";
      const prov = document.createElement("span");
      prov.className = "province";
      prov.textContent = P.areas[id]?.province ?? "";
      li.append(sw, a, val, ap, prov);
      li.hidden = only !== null && val.textContent !== only;
      return li;
    }),
  );
  const listed = [...$("area-list").children].filter((li) => !li.hidden).length;
  $("filtered-text").hidden = only === null;
  $("filtered-text").textContent = only === null ? "" : T.shown_of.replace("{n}", listed).replace("{label}", only);
  const box = $("not-drawn");
  box.hidden = notDrawn.size === 0;
  box.querySelector("ul").replaceChildren(
    ...[...notDrawn].map(([id, reason]) => {
      const li = document.createElement("li");
      li.dataset.id = id;
      li.textContent = `${nameOf(id)}: ${reason}`;
      return li;
    }),
  );
}

function highlight() {
  for (const li of $("area-list").children) li.classList.toggle("selected", li.dataset.id === state.sel);
  for (const [id, { foot, mark }] of layersById) {
    const on = id === state.sel;
    foot.setStyle({ weight: on ? 3 : 0.8, color: on ? "#111111" : "#2b2f33" });
    mark.setStyle({ radius: on ? 8 : 5.5, color: on ? "#111111" : "#ffffff", weight: on ? 2.5 : 1.6 });
    for (const layer of [mark, ...foot.getLayers()]) layer.getElement()?.classList.toggle("selected", on);
    if (on) {
      foot.bringToFront();
      mark.bringToFront();
    }
  }
}

// --- the address --------------------------------------------------------------------------------
// ``push``: a new history entry (the variable or the selection changed), else the current one replaced.
function writeAddress(push = false) {
  const q = new URLSearchParams({ at: state.at, var: state.var });
  if (state.sel) q.set("sel", state.sel);
  q.set("lang", state.lang);
  const entry = { at: state.at, var: state.var, sel: state.sel };
  const url = `${location.pathname}?${q}`;
  if (push && url !== location.pathname + location.search) history.pushState(entry, "", url);
  else history.replaceState(entry, "", url);
  $("json-link").href = `/index.json?${q}`;
  syncLinks(state);
}

// Show the date ``at``; ``since`` is when the user asked (an event's time stamp), for the step measure.
async function show(at, since = performance.now()) {
  state.at = at;
  dateInput.value = at;
  slider.setAttribute("aria-valuetext", at);
  writeAddress();
  const mine = ++token;
  let data;
  try {
    const pending = load(at);
    $("map-status").textContent = P.texts.loading;
    data = await pending;
  } catch (err) {
    if (mine === token) $("map-status").textContent = P.texts.load_failed.replace("{day}", at).replace("{error}", err.message);
    return false;
  }
  if (mine !== token) return true; // a later date was asked for meanwhile
  draw(data);
  requestAnimationFrame(() => {
    performance.measure?.("nnatlas-step", { start: since, end: performance.now() });
  });
  if (interacted) prefetchNeighbours();
  return true;
}

slider.addEventListener("input", (e) => {
  interacted = true;
  show(dateOfIndex(Number(slider.value)), e.timeStamp);
});
slider.addEventListener("keydown", (e) => {
  const jump = { PageUp: 12, PageDown: -12 }[e.key];
  if (!jump) return;
  e.preventDefault();
  slider.value = String(Math.min(Math.max(Number(slider.value) + jump, 0), Number(slider.max)));
  slider.dispatchEvent(new Event("input"));
});
dateInput.addEventListener("change", () => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) return;
  const at = clampDate(dateInput.value);
  slider.value = String(monthIndex(at));
  show(at);
});
varSelect.addEventListener("change", () => {
  state.var = varSelect.value;
  only = null;
  writeAddress(true);
  if (current) draw(current);
});
$("area-list").addEventListener("click", (e) => {
  if (e.target.closest("a")) return; // the name opens the page
  const li = e.target.closest("li[data-id]");
  if (!li) return;
  state.sel = state.sel === li.dataset.id ? "" : li.dataset.id;
  writeAddress(true);
  highlight();
});

// Back and Forward: the view of the entry (its state, or its address when it has none).
window.addEventListener("popstate", (e) => {
  const q = new URLSearchParams(location.search);
  const entry = e.state || { at: q.get("at") || state.at, var: q.get("var") || P.var, sel: q.get("sel") || "" };
  const at = clampDate(entry.at || state.at);
  state.sel = entry.sel || "";
  if (VARS.has(entry.var) && entry.var !== state.var) {
    state.var = entry.var;
    varSelect.value = entry.var;
    only = null;
  }
  if (at !== state.at) {
    slider.value = String(Math.min(monthIndex(at), Number(slider.max)));
    show(at);
  } else {
    writeAddress();
    if (current) draw(current);
  }
});

// Year marks under the slider, every five years (placed by script: no inline styles under the CSP).
function drawTicks() {
  const box = $("ticks");
  const max = Number(slider.max);
  const last = Number(P.today.slice(0, 4));
  const marks = [];
  for (let y = FIRST_YEAR; y <= last; y += y === FIRST_YEAR ? 8 : 5) marks.push(y);
  if (last - marks[marks.length - 1] >= 3) marks.push(last);
  box.replaceChildren(
    ...marks.map((y) => {
      const span = document.createElement("span");
      span.textContent = y;
      span.style.left = `${(Math.min(monthIndex(`${y}-01-01`), max) / max) * 100}%`;
      return span;
    }),
  );
  box.classList.add("placed");
}

if (!redirecting) {
  drawTicks();
  slider.value = String(Math.min(monthIndex(state.at), Number(slider.max)));
  writeAddress();
  window.nnatlas = { show, cache, load, dateOfIndex, monthIndex, state };
  Promise.all([drawBase(), show(state.at)])
    .then(([, shown]) => {
      if (!shown) return;
      performance.mark("nnatlas-ready"); // the first render: basemap and footprints drawn
      document.body.dataset.ready = "true";
      document.querySelector("#area-list li.selected")?.scrollIntoView({ block: "nearest" });
    })
    .catch((err) => {
      $("map-status").textContent = P.texts.load_failed.replace("{day}", state.at).replace("{error}", err.message);
    });
}
