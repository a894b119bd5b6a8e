// The search page /tim-kiem/ of the exemplary-models site.
//
// Reads the query and the filters from the address (?q=nguyen+thi+hoa&linh-vuc=nong-nghiep),
// searches the Pagefind index that `site-builder build` writes into pagefind/, shows the
// results with facet counts, and keeps the address in step so a search can be shared.
// Pagefind is loaded only when the reader searches. The Vietnamese query rules below
// mirror site_builder/search_text.py (a browser test checks that both agree).

const STROKE = "\u0335"; // COMBINING SHORT STROKE OVERLAY: how the index writes "đ"
// A toned first vowel of a final "oa", "oe" or "uy" ("hòa", "thúy"; not "hoàng", "quý").
const OLD_STYLE = /([òóỏõọÒÓỎÕỌ])([aAeE])(?!\p{L})|(?<![qQ])([ùúủũụÙÚỦŨỤ])([yY])(?!\p{L})/gu;

/** Put the tone of a final "oa", "oe", "uy" on the second vowel: "Hòa" -> "Hoà". */
export function canonicalTones(text) {
  return text.replace(OLD_STYLE, (match, a1, a2, u1, u2) => {
    const first = (a1 || u1).normalize("NFD");
    return first[0] + ((a2 || u2) + first.slice(1)).normalize("NFC");
  });
}

/** Text as the index holds it: NFC, tones placed one way, "đ" written as "d" + stroke. */
export function indexForm(text) {
  return canonicalTones(text.normalize("NFC")).replace(/đ/g, "d" + STROKE).replace(/Đ/g, "D" + STROKE);
}

/** Undo the "đ" marking for display. */
export function displayForm(text) {
  return text.replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");
}

/** Accent-free lower-case text: "Đặng Thị Ánh" -> "dang thi anh". */
export function fold(text) {
  return text.replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").normalize("NFD")
    .replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
}

export function foldedWords(text) {
  return fold(text).match(/[a-z0-9]+/g) || [];
}

/** 32-bit FNV-1a of the UTF-8 bytes as 8 hex digits, as site_builder/search_text.py computes it. */
export function fnv1a(text) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  return value.toString(16).padStart(8, "0");
}

// Ranking keys are one Pagefind word each: their parts joined with "z" (see KEY_JOIN).
const KEY_JOIN = "z";
const key = (...parts) => parts.join(KEY_JOIN);
const WARM_UP_QUERY = key("a", ""); // "az": the start of the spelled-name keys, in every index

/** Keys of the query's words spelled with their accents (see spelled_name_keys). */
export function spelledKeys(text) {
  return (indexForm(text).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) || []).map((w) => key("a", fnv1a(w)));
}

/**
 * The Pagefind queries for what the reader typed: the text itself; the name ending with its
 * words; its words in a row in a name (the last one perhaps still being typed); its word
 * pairs; its words spelled with accents. All but the first ask for the `keys` the index
 * stores (site_builder/search_text.py).
 */
export function queriesFor(text) {
  const words = foldedWords(text);
  const inName = key("n", ...words);
  return {
    words,
    text: indexForm(text).trim(),
    name: words.length ? key(inName, "") : "", // the name ends with the query's words
    namePrefix: words.length ? inName : "", // the query's words stand in a row in the name
    phrase: words.slice(1).map((w, i) => key("p", words[i], w)).join(" "),
    // Only worth asking when the reader typed accents.
    spelled: fold(text) === text.normalize("NFC").toLowerCase() ? "" : spelledKeys(text).join(" "),
  };
}

/** Whether every key of a query is among a result's keys (as a key or the start of one). */
export function hasAllKeys(keys, query) {
  const own = (keys || "").split(" ");
  return query.split(" ").every((q) => own.some((k) => k.startsWith(q)));
}

/** Whether a result's text has every query word (as a word or the start of one). */
export function hasAllWords(content, words) {
  const own = foldedWords(displayForm(content));
  return words.every((w) => own.some((o) => o.startsWith(w)));
}

// --- Suggestions for a misspelt query ("Có phải bạn muốn tìm: Nguyễn Thị Hoa?") -------------

/**
 * Edit distance of two words, a swapped pair of neighbours counting as one edit (optimal string
 * alignment); any distance above `max` is returned as max + 1, as soon as it is certain.
 */
export function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      least = Math.min(least, d);
    }
    if (least > max) return max + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length], max + 1);
}

/** Edits a folded query word may have: none for one letter, one for short words, two for long ones. */
export const editsAllowed = (word) => (word.length <= 1 ? 0 : word.length <= 5 ? 1 : 2);

/**
 * The name whose folded words, in a row, are closest to the query's folded words (each within
 * its edits), fewest edits first, then the name with fewest other words; null when none is close,
 * or when a name already has the query's words as typed (the last one may be a word's start:
 * the reader may still be typing it). `names`: [{ name, words }].
 */
export function suggestionFor(words, names) {
  if (!words.length) return null;
  let best = null;
  for (const { name, words: own } of names) {
    for (let start = 0; start + words.length <= own.length; start++) {
      let edits = 0;
      for (let k = 0; k < words.length && edits >= 0; k++) {
        const word = words[k];
        const theirs = own[start + k];
        const allowed = editsAllowed(word);
        const d = k === words.length - 1 && theirs.startsWith(word) ? 0 : editDistance(word, theirs, allowed);
        edits = d > allowed ? -1 : edits + d;
      }
      if (edits === 0) return null;
      const others = own.length - words.length;
      if (edits > 0 && (!best || edits < best.edits || (edits === best.edits && others < best.others))) {
        best = { name, edits, others };
      }
    }
  }
  return best && best.name;
}

// --- The page ------------------------------------------------------------------------

const root = document.querySelector("[data-dh-search]");
if (root) start(root);

function start(root) {
  const settings = JSON.parse(document.getElementById("dh-search-settings").textContent);
  if (!settings.bundle) { // nothing is published yet, so there is no index: the page says so
    root.dataset.ready = "true";
    return;
  }
  const words = settings.labels;
  const form = root.querySelector("form");
  const input = root.querySelector("#dh-search-q");
  const selects = [...root.querySelectorAll("select[data-facet]")];
  const status = root.querySelector("#dh-search-status");
  const list = root.querySelector("#dh-search-results");
  const more = root.querySelector("#dh-search-more");
  const suggestion = root.querySelector("#dh-search-suggestion");
  const filterPanel = root.querySelector("#dh-search-filters");
  const siteRoot = new URL(settings.root, location.href);
  const staticCounts = new Map(selects.map((s) => [s, [...s.options].map((o) => o.textContent)]));
  let pagefind = null;
  let latest = 0; // number of the newest search; older answers are dropped
  let ranked = [];
  let shown = 0;

  // Nothing is fetched before the reader searches; every facet's filter chunk (Pagefind
  // counts only the facets whose chunk it has) only once the reader opens the filters.
  let filtersLoaded = null;
  function loadPagefind() {
    if (!pagefind) {
      const cacheTag = String(Date.now()); // what Pagefind would add to the entry's address itself
      fetchCoreAtOnce(cacheTag);
      pagefind = import(new URL(settings.bundle + "pagefind.js", siteRoot).href).then(async (pf) => {
        // On the main thread: the searches are small, and the worker would be one more download.
        await pf.options({ baseUrl: siteRoot.pathname, excerptLength: 24, noWorker: true, metaCacheTag: cacheTag });
        await pf.init();
        // Resolves once Pagefind has its wasm and meta file (an empty query loads no chunk).
        await pf.preload("");
        return pf;
      });
    }
    return pagefind;
  }

  // Pagefind asks for its parts one after another: pagefind.js; once it runs,
  // pagefind-entry.json; once that is read, its wasm and the meta file. On slow 4G that is
  // three round trips of 150 ms before a search can start. Here all of them are asked for
  // at once, as preloads that Pagefind's own requests then take over: the entry at the
  // address Pagefind will use (its cache tag is ours), and a second copy of it read here
  // for the names of the wasm and meta files, chosen as Pagefind 1.5.2 chooses them (the
  // language of the page, else the largest index; search/bundle.py accepts that version only).
  function fetchCoreAtOnce(cacheTag) {
    const bundle = new URL(settings.bundle, siteRoot);
    const preload = (name) => {
      const link = document.createElement("link");
      link.rel = "preload";
      link.as = "fetch";
      link.crossOrigin = "anonymous"; // as Pagefind's fetch() asks: CORS mode, same-origin credentials
      link.href = new URL(name, bundle).href;
      document.head.append(link);
    };
    preload(`pagefind-entry.json?ts=${cacheTag}`);
    fetch(new URL(`pagefind-entry.json?ts=${cacheTag}-names`, bundle).href)
      .then((answer) => { if (!answer.ok) throw new Error(`pagefind-entry.json: ${answer.status}`); return answer.json(); })
      .then((entry) => {
        const language = (document.documentElement.lang || "unknown").toLowerCase();
        const index = entry.languages[language] || entry.languages[language.split("-")[0]]
          || Object.values(entry.languages).sort((a, b) => b.page_count - a.page_count)[0];
        preload(`wasm.${index.wasm || "unknown"}.pagefind`);
        preload(`pagefind.${index.hash}.pf_meta`);
      })
      .catch(report); // Pagefind then fetches them itself, one after another
  }

  // The public profiles' names (site_builder/search/suggest.py), fetched the first time a query
  // finds (nearly) nothing.
  let namesLoaded = null;
  function loadNames() {
    if (!namesLoaded) {
      namesLoaded = fetch(new URL(settings.names, siteRoot).href)
        .then((answer) => { if (!answer.ok) throw new Error(`${settings.names}: ${answer.status}`); return answer.json(); })
        .then((data) => data.names.map((name) => ({ name, words: foldedWords(name) })));
      namesLoaded.catch(() => { namesLoaded = null; }); // tried again with the next query
    }
    return namesLoaded;
  }

  // A close name, when the query finds nothing, or far fewer than that name's spelling would
  // (and not the name itself). Less than a page of results counts as few.
  // Asked before the results are shown (they are all on the first page then), so that the
  // suggestion, above them, does not push them down when it comes: no layout shift.
  function mayBeSuggested(queries, count) {
    return queries.words.length > 0 && count < settings.pageSize;
  }

  async function suggestedName(pf, queries, count) {
    if (!mayBeSuggested(queries, count)) return null;
    const name = suggestionFor(queries.words, await loadNames());
    if (!name || count === 0) return name;
    const found = await Promise.all(ranked.map((r) => r.data()));
    if (found.map((data) => fold(data.meta.name || displayForm(data.meta.title || ""))).includes(fold(name))) return null;
    const theirs = await pf.search(indexForm(name), { filters: activeFilters() });
    return theirs.results.length >= 2 * count ? name : null;
  }

  function showSuggestion(name) {
    suggestion.replaceChildren();
    suggestion.hidden = !name;
    if (!name) return;
    const [before, after = ""] = words.did_you_mean.split("{name}");
    const link = element("a", "dh-search__suggested");
    const params = new URLSearchParams(location.search);
    params.set("q", name);
    link.href = "?" + params; // a link that works opened in a new tab too
    link.textContent = name;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = name;
      search().catch(report);
    });
    suggestion.append(before, link, after);
  }

  function loadFilters(pf) {
    if (!filtersLoaded) filtersLoaded = pf.filters();
    return filtersLoaded;
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const select of selects) {
      const value = params.get(select.dataset.facet) || "";
      select.value = [...select.options].some((o) => o.value === value) ? value : "";
    }
  }

  function writeAddress() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const select of selects) if (select.value) params.set(select.dataset.facet, select.value);
    const query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function activeFilters(except) {
    const filters = {};
    for (const select of selects) {
      if (select.value && select.dataset.facet !== except) filters[select.dataset.facet] = select.value;
    }
    return filters;
  }

  async function search() {
    const number = ++latest;
    writeAddress();
    const text = input.value.trim();
    const filters = activeFilters();
    if (!text && !Object.keys(filters).length) return showIdle();
    root.dataset.state = "loading";
    status.textContent = words.loading;
    let pf;
    try {
      pf = await loadPagefind();
    } catch (error) {
      status.textContent = words.error;
      throw error;
    }
    const queries = queriesFor(text);
    const browse = !queries.text;
    const run = (q, f = filters) => (browse ? pf.search(null, { filters: f, sort: { ten: "asc" } })
      : q ? pf.search(q, { filters: f }) : null);
    const keyQueries = browse ? [] : [queries.spelled, queries.name, queries.namePrefix, queries.phrase];
    const [main, ...answers] = await Promise.all([run(queries.text), ...keyQueries.map((q) => run(q))]);
    if (number !== latest) return;
    // Rank: the name spelled exactly as typed, then the whole query in the name, then the query
    // being typed in the name, then the query as a phrase, then Pagefind's score.
    const rank = ([spelled, inName, inNamePrefix, inPhrase]) => {
      const tier = (r) => (spelled.has(r.id) ? 8 : 0) + (inName.has(r.id) ? 4 : inNamePrefix.has(r.id) ? 2 : 0)
        + (inPhrase.has(r.id) ? 1 : 0);
      const order = main.results.map((r, i) => ({ r, i, tier: browse ? 0 : tier(r) }));
      order.sort((a, b) => b.tier - a.tier || (browse ? 0 : b.r.score - a.r.score) || a.i - b.i);
      return order.map((x) => x.r);
    };
    // While the key answers are checked (each loads its top result), start loading the first
    // page's results as ranked if every answer is genuine, as it nearly always is.
    const ids = (answer) => new Set(answer ? answer.results.map((r) => r.id) : []);
    for (const r of rank(answers.map(ids)).slice(0, settings.pageSize)) r.data().catch(report);
    // Kept local until this search is known to be the latest: an older search still running
    // would otherwise put its results under this one's count.
    let found = rank(await Promise.all(keyQueries.map((q, i) => genuineIds(answers[i], q))));
    if (number !== latest) return;
    // A word found nowhere makes Pagefind search for its longest known prefix instead
    // ("sentinel" -> "se"); then no result has the word, so the top one tells.
    if (!browse && found.length && !hasAllWords((await found[0].data()).content, queries.words)) found = [];
    if (number !== latest) return;
    ranked = found;
    const count = ranked.length;
    const about = text ? " " + words.for_query.replace("{query}", text) : "";
    status.textContent = count
      ? (count === 1 ? words.found_one : words.found.replace("{count}", count)) + about + "."
      : words.none + about + ". " + words.none_help;
    // The suggestion goes above the results: it is known before they are shown, or it would push
    // them down when it came (a layout shift). Only when there are few results, all loading already.
    const suggested = browse ? null : await suggestedName(pf, queries, count).catch((error) => { report(error); return null; });
    if (number !== latest) return;
    showSuggestion(suggested);
    list.replaceChildren();
    shown = 0;
    await showMore(number);
    if (number !== latest) return;
    if (filterPanel.open) await updateCounts(pf, queries.text, browse, number);
    if (number !== latest) return;
    root.dataset.state = count ? "results" : "empty";
    root.dataset.query = text; // for tests and styles: what the results on screen are for
  }

  // The ids a key query found, or none when Pagefind answered for a shorter prefix of a
  // key that no profile has (its top result then lacks the key).
  async function genuineIds(answer, query) {
    if (!answer || !answer.results.length) return new Set();
    const top = await answer.results[0].data();
    return hasAllKeys(top.meta.keys, query) ? new Set(answer.results.map((r) => r.id)) : new Set();
  }

  // Results appear one by one, in order, while the rest are still loading.
  async function showMore(number = latest) {
    const page = ranked.slice(shown, shown + settings.pageSize);
    shown += page.length;
    more.hidden = true; // shown under the page once it is all there: it would move down with each result
    const pending = page.map((r) => r.data());
    for (const data of pending) {
      const item = resultItem(await data);
      if (number !== latest) return;
      list.append(item);
      root.dataset.query = input.value.trim(); // what the results on screen are for (the first is there)
    }
    more.hidden = shown >= ranked.length;
  }

  // Each option counts the results the reader would get by choosing it, so a chosen facet
  // is counted as if it were not chosen (one more search per chosen facet).
  async function updateCounts(pf, text, browse, number) {
    await loadFilters(pf);
    const run = (f) => pf.search(browse ? null : text, { filters: f });
    const chosen = selects.filter((s) => s.value);
    const [all, ...own] = await Promise.all([run(activeFilters()), ...chosen.map((s) => run(activeFilters(s.dataset.facet)))]);
    if (number !== latest) return;
    for (const select of selects) {
      const answer = chosen.includes(select) ? own[chosen.indexOf(select)] : all;
      const counts = answer.filters?.[select.dataset.facet] || {};
      for (const option of select.options) {
        const n = option.value ? counts[option.value] || 0 : answer.results.length;
        option.textContent = `${option.value ? option.dataset.name : words.any} (${n})`;
      }
    }
  }

  function showIdle() {
    status.textContent = status.dataset.idle;
    list.replaceChildren();
    more.hidden = true;
    showSuggestion(null);
    ranked = [];
    root.dataset.state = "idle";
    root.dataset.query = "";
    for (const [select, texts] of staticCounts) [...select.options].forEach((o, i) => { o.textContent = texts[i]; });
  }

  function resultItem(data) {
    const meta = data.meta;
    const item = element("li", "dh-result");
    const link = element("a", "dh-result__link");
    link.href = data.url;
    if (meta.image) {
      const img = element("img", "dh-result__img");
      img.src = new URL(meta.image, siteRoot).href;
      img.width = Number(meta.image_width);
      img.height = Number(meta.image_height);
      img.alt = "";
      img.loading = "lazy";
      img.decoding = "async";
      link.append(img);
    } else {
      const badge = element("span", "dh-result__img dh-result__initials");
      badge.textContent = meta.initials || "";
      badge.style.backgroundColor = meta.colour || "";
      badge.setAttribute("aria-hidden", "true");
      link.append(badge);
    }
    const title = element("h2", "dh-result__title");
    title.textContent = meta.name || displayForm(meta.title || "");
    link.append(title);
    item.append(link);
    const about = element("p", "dh-result__meta");
    // The place as recorded and, when it has changed, what it is part of now (search/index.py).
    const place = meta.place && meta.now ? `${meta.place} (${words.now_part_of.replace("{place}", meta.now)})` : meta.place;
    about.textContent = [meta.kind, place].filter(Boolean).join(" · ");
    item.append(about, excerpt(data.excerpt));
    return item;
  }

  // Pagefind's excerpt is escaped text with <mark> around the matches: keep exactly that.
  function excerpt(html) {
    const p = element("p", "dh-result__excerpt");
    const template = document.createElement("template");
    template.innerHTML = html;
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = displayForm(node.textContent);
        p.append(mark);
      } else {
        p.append(displayForm(node.textContent));
      }
    }
    return p;
  }

  function element(name, className) {
    const node = document.createElement(name);
    node.className = className;
    return node;
  }

  const report = (error) => console.error("dh-search:", error);
  readAddress();
  root.dataset.state = "idle";
  if (selects.some((s) => s.value)) filterPanel.open = true;
  // Opening the filters shows counts for the search on screen.
  filterPanel.addEventListener("toggle", () => {
    if (filterPanel.open && root.dataset.state !== "idle" && pagefind) {
      const text = input.value.trim();
      pagefind.then((pf) => updateCounts(pf, queriesFor(text).text, !queriesFor(text).text, latest)).catch(report);
    }
  });
  input.addEventListener("input", () => search().catch(report));
  for (const select of selects) select.addEventListener("change", () => search().catch(report));
  form.addEventListener("submit", (event) => { event.preventDefault(); search().catch(report); });
  more.addEventListener("click", () => showMore().catch(report));
  // Warm up on the first sign the reader is about to search, not before. The browser compiles
  // Pagefind's wasm functions when they first run: a page's first search took about 250 ms
  // longer than the next ones at 10,000 profiles. One search for the ranking keys' "az" loads
  // one small chunk and does that while the reader types (a query already typed does not wait
  // for it, and when it is there as the core arrives no warm-up runs beside it: one search
  // and one chunk fewer before its first result on a slow phone).
  input.addEventListener("focus", () => loadPagefind().then((pf) => (latest ? null : pf.search(WARM_UP_QUERY))).then(() => {
    root.dataset.core = "ready"; // for the benchmark: the search core has arrived (and run once, unless a search was waiting)
  }).catch(report), { once: true });
  root.dataset.ready = "true";
  if (input.value.trim() || selects.some((s) => s.value)) search().catch(report);
}
