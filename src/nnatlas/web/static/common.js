// Shared by every page: the page's data block, the remembered language, links that keep the state.
const LANG_KEY = "nnatlas.lang";
const LANGS = ["en", "zh"];

export function pageData() {
  const el = document.getElementById("page-data");
  return el ? JSON.parse(el.textContent) : {};
}

function stored() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

function remember(lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage disabled: the address still carries the language */
  }
}

export function pageLang() {
  return document.documentElement.lang === "zh-Hans" ? "zh" : "en";
}

// An explicit lang in the address wins; without one, the remembered language is applied.
function applyRememberedLang() {
  const params = new URLSearchParams(location.search);
  const saved = stored();
  if (params.has("lang") || !LANGS.includes(saved) || saved === pageLang()) return false;
  params.set("lang", saved);
  location.replace(`${location.pathname}?${params}${location.hash}`);
  return true;
}

function withQuery(href, changes) {
  const url = new URL(href, location.href);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return url.pathname + url.search + url.hash;
}

// Keep the navigation, the language switch and the date form on the state shown (date, variable, selection).
export function syncLinks(state) {
  for (const a of document.querySelectorAll("a.nav-link")) {
    a.href = withQuery(a.getAttribute("href"), { at: state.at, lang: state.lang });
  }
  keepLangLinks();
}

// The language switch opens the same view (address and fragment) in the other language.
export function keepLangLinks() {
  for (const a of document.querySelectorAll("a.lang")) {
    a.href = withQuery(location.pathname + location.search + location.hash, { lang: a.dataset.lang });
  }
}

export async function fetchJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let message = `${response.status}`;
    try {
      message = (await response.json()).error.message;
    } catch {
      /* not the error envelope */
    }
    throw new Error(message);
  }
  return response.json();
}

export function escapeText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

const redirecting = applyRememberedLang();
if (!redirecting) {
  for (const a of document.querySelectorAll("a.lang")) {
    a.addEventListener("click", () => remember(a.dataset.lang));
  }
  const params = new URLSearchParams(location.search);
  // A date in the address is carried to the other pages.
  if (params.has("at")) syncLinks({ at: params.get("at"), lang: pageLang() });
  // The map and compare pages say when they are ready themselves; the others are ready when loaded.
  if (!["index", "compare"].includes(pageData().kind)) document.body.dataset.ready = "true";
}
export { redirecting };
