// The address book tree: books, nested groups and entries; agents with their state, skills
// with their waiting figures; every destination is a button that calls it.
import { h, rebuild } from "./dom.js";

function count(group) {
  return group.entries.length + group.groups.reduce((n, g) => n + count(g), 0);
}

function details(entry) {
  const p = entry.properties ?? {};
  if (entry.type === "agent") return p.state ? h("span", { class: "presence", "data-presence": p.state }, p.state) : null;
  if (entry.type === "skill") {
    const figures = [];
    if (p.mediaType) figures.push(p.mediaType);
    if (typeof p.numAvailable === "number") figures.push(`${p.numAvailable} available`);
    if (typeof p.numUnavailable === "number") figures.push(`${p.numUnavailable} unavailable`);
    if (p.ewt) figures.push(`EWT ${p.ewt}`);
    return figures.length ? h("span", { class: "figures" }, figures.join(" · ")) : null;
  }
  return null;
}

function entryItem(entry, path, callTo) {
  return h(
    "li",
    { class: `entry entry-${entry.type}` },
    h("span", { class: "entry-name" }, entry.name),
    " ",
    h("span", { class: "chip" }, entry.type),
    " ",
    details(entry),
    h(
      "span",
      { class: "destinations" },
      entry.destinations.map((d, i) =>
        h(
          "button",
          {
            type: "button",
            class: "dial-link",
            "data-key": `ab:${path}:d${i}`,
            "aria-label": `Call ${entry.name}, ${d.label} ${d.value}`,
            onclick: () => callTo(d.value, entry.name),
          },
          `${d.label} ${d.value}`,
        ),
      ),
    ),
  );
}

function groupNode(group, path, callTo, book = false) {
  const children = [
    ...group.groups.map((g, i) => h("li", { class: "subgroup" }, groupNode(g, `${path}.g${i}`, callTo))),
    ...group.entries.map((e, i) => entryItem(e, `${path}.e${i}`, callTo)),
  ];
  return h(
    "details",
    { open: true, class: book ? "book" : "group", "data-key": `ab:${path}` },
    h("summary", { "data-key": `ab:${path}:summary` }, h(book ? "strong" : "span", {}, group.name), h("span", { class: "muted" }, ` (${count(group)})`)),
    children.length ? h("ul", {}, children) : h("p", { class: "muted" }, "Empty."),
  );
}

/** The address-book panel. */
export function createAddressBook(root, callTo) {
  let last = null;
  return {
    update(session) {
      const books = session.addressBooks();
      const key = JSON.stringify(books);
      if (key === last) return;
      last = key;
      rebuild(root, () => {
        const f = document.createDocumentFragment();
        if (books.length === 0) f.append(h("p", { class: "muted" }, "No address book loaded."));
        books.forEach((b, i) => f.append(groupNode(b, `b${i}`, callTo, true)));
        return f;
      });
    },
    reset() {
      last = null;
      root.replaceChildren();
    },
  };
}
