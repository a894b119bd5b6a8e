// An honouring event's page (/su-kien/<slug>/): sort its table of honourees by any column and
// filter it by text (with or without Vietnamese diacritics), kind and group. First-party and
// dependency-free; without it the table is shown whole, in the list's order.

/** Text folded for matching: no diacritics, "đ" as "d", lower case ("Nguyễn" -> "nguyen"). */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

const collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });

function cellText(row, index) {
  return row.cells[index].textContent.trim();
}

function setUpSorting(table) {
  const body = table.tBodies[0];
  const headers = [...table.tHead.rows[0].cells];
  headers.forEach((th, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dh-sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const numeric = th.dataset.sort === "number";
      const rows = [...body.rows].sort((a, b) => {
        const x = cellText(a, index);
        const y = cellText(b, index);
        const order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
}

function setUpFilter(table, form) {
  const headers = [...table.tHead.rows[0].cells];
  const columnOf = (name) => headers.findIndex((th) => th.dataset.filter === name);
  const shown = form.querySelector(".dh-event-shown");
  const rows = [...table.tBodies[0].rows];
  const apply = () => {
    const words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    const selects = [...form.querySelectorAll("select")].map((s) => [columnOf(s.name), s.value]);
    let count = 0;
    for (const row of rows) {
      const text = fold(row.textContent);
      const visible = words.every((w) => text.includes(w))
        && selects.every(([column, value]) => !value || cellText(row, column) === value);
      row.hidden = !visible;
      count += visible ? 1 : 0;
    }
    shown.textContent = shown.dataset.shownTemplate.replace("{shown}", count).replace("{total}", rows.length);
  };
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
}

const table = document.querySelector("[data-event-table]");
const form = document.querySelector("[data-event-filter]");
if (table) {
  setUpSorting(table);
  if (form) setUpFilter(table, form);
}
