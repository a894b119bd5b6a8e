// The web editor's additions to Decap CMS (loaded by /quan-tri/index.html, after the CMS bundle):
// - the "yaml-list" format: a taxonomy file is a YAML list at its root, which Decap's own formats
//   cannot hold, so the list is shown as the one list field "entries";
// - the profile preview: the markup and class names of theme/templates/profile.html, with the
//   site's own stylesheets, so a profile looks in the editor as it will on the site.
// Everything here is served from the site itself: no script or style from anywhere else.
import * as YAML from "./yaml/index.js";

const CMS = window.CMS;
const h = window.h;
const data = JSON.parse(document.getElementById("dh-editor-data").textContent);
const names = data.names;
const t = data.labels;

CMS.registerCustomFormat("yaml-list", "yml", {
  fromFile(text) {
    const parsed = YAML.parse(text);
    return {entries: Array.isArray(parsed) ? parsed : []};
  },
  toFile(value) {
    // Empty optional values are left out, as an editor writing the file by hand would.
    const entries = (value.entries || []).map((entry) => Object.fromEntries(
      Object.entries(entry).filter(([, v]) => v !== "" && v !== null && v !== undefined)));
    return YAML.stringify(entries, {lineWidth: 0});
  },
});

for (const href of data.stylesheets) {
  CMS.registerPreviewStyle(new URL(href, window.location.href).href);
}

function list(value) {
  if (!value) return [];
  return typeof value.toJS === "function" ? value.toJS() : value;
}

function nameOf(table, code) {
  return (names[table] && names[table][code]) || code || "";
}

function facts(entry) {
  const get = (key) => entry.getIn(["data", key]);
  const rows = [[t.kind, nameOf("kinds", get("kind"))],
    [t.fields, list(get("fields")).map((c) => nameOf("fields", c)).join("; ")],
    [t.movements, list(get("movements")).map((c) => nameOf("movements", c)).join("; ")],
    [t.locality, nameOf("localities", get("locality"))],
    [t.unit, nameOf("units", get("unit"))],
    [t.stage, nameOf("stages", get("stage"))],
    [t.year, (get("submitted") || "").toString().slice(-4)]];
  const items = [];
  for (const [label, value] of rows) {
    if (value) items.push(h("dt", {key: label + "-t"}, label), h("dd", {key: label + "-d"}, value));
  }
  return h("section", {className: "dh-facts"}, h("h2", null, t.facts), h("dl", null, items));
}

function figure(photo, getAsset, lead) {
  const asset = photo.file ? getAsset(photo.file) : null;
  const src = asset ? asset.toString() : "";
  return h("figure", {className: lead ? "dh-figure dh-figure--lead" : "dh-figure", key: photo.file || photo.alt},
    src ? h("img", {src, alt: photo.alt || "", style: {maxWidth: "100%", height: "auto"}}) : null,
    h("figcaption", null, photo.caption || "",
      photo.credit ? h("span", {className: "dh-credit"}, " " + t.photo_credit.replace("{credit}", photo.credit)) : null));
}

function ProfilePreview(props) {
  const entry = props.entry;
  const get = (key) => entry.getIn(["data", key]);
  const photos = list(get("photos"));
  const awards = list(get("awards"));
  const achievements = list(get("achievements"));
  const members = list(get("members"));
  const sources = list(get("sources"));
  const kicker = [nameOf("kinds", get("kind")), nameOf("localities", get("locality"))].filter(Boolean).join(" · ");
  return h("div", {className: "md-content", "data-md-component": "content"},
    h("article", {className: "md-content__inner md-typeset"},
      h("article", {className: "dh-profile", lang: "vi"},
        h("header", {className: "dh-profile__header"},
          h("p", {className: "dh-kicker"}, kicker),
          h("h1", null, get("name") || ""),
          h("p", {className: "dh-summary"}, get("summary") || "")),
        photos.length ? figure(photos[0], props.getAsset, true) : null,
        facts(entry),
        awards.length ? h("section", {className: "dh-awards"}, h("h2", null, t.awards),
          h("div", {className: "dh-table-wrap"}, h("table", null,
            h("thead", null, h("tr", null, [t.award, t.decision, t.date, t.issuer].map((c) => h("th", {scope: "col", key: c}, c)))),
            h("tbody", null, awards.map((a, i) => h("tr", {key: i},
              h("td", null, nameOf("awards", a.award)), h("td", null, a.decision || ""),
              h("td", null, a.date || ""), h("td", null, a.issuer || ""))))))) : null,
        achievements.length ? h("section", {className: "dh-achievements"}, h("h2", null, t.achievements),
          h("ul", null, achievements.map((a, i) => h("li", {key: i}, a)))) : null,
        h("section", {className: "dh-story"}, h("h2", null, t.story), props.widgetFor("body")),
        members.length ? h("section", {className: "dh-members"}, h("h2", null, t.members),
          h("ul", null, members.map((m, i) => h("li", {key: i}, m.role ? `${m.name} – ${m.role}` : m.name)))) : null,
        photos.length > 1 ? h("section", {className: "dh-gallery"}, h("h2", null, t.photos),
          photos.slice(1).map((p) => figure(p, props.getAsset, false))) : null,
        sources.length ? h("section", {className: "dh-sources"}, h("h2", null, t.sources),
          h("ul", null, sources.map((s, i) => h("li", {key: i}, [s.title, s.publisher, s.date].filter(Boolean).join(", "))))) : null)));
}

CMS.registerPreviewTemplate("profiles", ProfilePreview);
CMS.init();
