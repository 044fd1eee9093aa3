// The mapping document of SPEC §4 as a form: build it from a mapping, read a mapping back.
// Field names the endpoint has seen are offered in a list (datalist "seen-fields").
import { field, h } from "/console/dom.js";

const DATE_AND_TEXT_FIELDS = [
  ["nameField", "Name field"],
  ["descriptionField", "Description field"],
  ["createdDateField", "Created-date field"],
  ["modifiedDateField", "Modified-date field"],
];

let counter = 0;

// One editable list of a mapping part (identifiers, properties, edges): a row of inputs
// per item, each labelled "<what> <n> <column>", with Add and Remove.
function rowList(what, columns, items, addLabel) {
  const body = h("div", { class: "rows" });
  const addRow = (item = {}) => {
    const inputs = columns.map(({ name, label, checkbox }) => {
      const input = checkbox
        ? h("input", { type: "checkbox", checked: Boolean(item[name]) })
        : h("input", { value: item[name] || "", list: name === "field" ? "seen-fields" : null });
      input.dataset.name = name;
      return h("label", { class: checkbox ? "check" : "cell" }, h("span", {}, label), input);
    });
    const remove = h("button", { type: "button", class: "small" }, "Remove");
    const row = h("div", { class: "row" }, inputs, remove);
    remove.addEventListener("click", () => { row.remove(); number(); });
    body.append(row);
    number();
  };
  // Labels follow the rows' order so that each reads "Identifier 2 origin" after removals.
  const number = () => [...body.children].forEach((row, index) => {
    row.querySelectorAll("input").forEach((input, column) => {
      input.setAttribute("aria-label", `${what} ${index + 1} ${columns[column].label.toLowerCase()}`);
    });
    row.querySelector("button").setAttribute("aria-label", `Remove ${what.toLowerCase()} ${index + 1}`);
  });
  items.forEach(addRow);
  const add = h("button", { type: "button", class: "small" }, addLabel);
  add.addEventListener("click", () => addRow());
  const collect = () => [...body.children].map((row) => {
    const item = {};
    row.querySelectorAll("input").forEach((input) => {
      if (input.type === "checkbox") {
        if (input.checked) item[input.dataset.name] = true;
      } else if (input.value.trim()) {
        item[input.dataset.name] = input.value.trim();
      }
    });
    return item;
  }).filter((item) => Object.keys(item).length > 0);
  return { element: h("div", { class: "list" }, body, add), collect };
}

function input(value) { return h("input", { value: value || "" }); }
const orNull = (element) => element.value.trim() || null;

// mappingForm(mapping, fieldNames) → { element, read() }: read() is the mapping as edited.
export function mappingForm(mapping, fieldNames) {
  const id = (name) => `mapping-${name}-${++counter}`;
  const entityType = input(mapping.entityType);
  const prefix = input(mapping.vocabularyPrefix);
  const origin = input(mapping.origin);
  const primary = mapping.primaryIdentifier;
  const kind = h("select", {},
    h("option", { value: "fields" }, "from fields"),
    h("option", { value: "auto" }, "a hash of the whole record"),
    h("option", { value: "none" }, "not set yet"));
  kind.value = primary === null ? "none" : primary.auto ? "auto" : "fields";
  const primaryFields = h("input", { value: primary && primary.fields ? primary.fields.join(", ") : "",
                                     placeholder: "customerId (several: a, b)" });
  const singles = DATE_AND_TEXT_FIELDS.map(([name, label]) =>
    [name, label, h("input", { value: mapping[name] || "", list: "seen-fields" })]);
  const identifiers = rowList("Identifier",
    [{ name: "field", label: "Field" }, { name: "origin", label: "Origin" }],
    mapping.identifiers, "Add identifier");
  const properties = rowList("Property",
    [{ name: "field", label: "Field" }, { name: "key", label: "Key" },
     { name: "ignore", label: "Ignore", checkbox: true }],
    mapping.properties, "Add property");
  const edges = rowList("Edge",
    [{ name: "field", label: "Field" }, { name: "edgeType", label: "Edge type" },
     { name: "entityType", label: "Entity type" }, { name: "origin", label: "Origin" }],
    mapping.edges, "Add edge");
  const element = h("div", { class: "mapping columns" },
    h("datalist", { id: "seen-fields" }, fieldNames.map((value) => h("option", { value }))),
    h("fieldset", {}, h("legend", {}, "Entity"),
      field(id("type"), "Entity type", entityType),
      field(id("prefix"), "Vocabulary prefix", prefix),
      field(id("origin"), "Origin", origin)),
    h("fieldset", {}, h("legend", {}, "Primary identifier"),
      field(id("primary-kind"), "Primary identifier from", kind),
      field(id("primary-fields"), "Primary identifier fields", primaryFields)),
    h("fieldset", {}, h("legend", {}, "Name, description and dates"),
      singles.map(([name, label, control]) => field(id(name), label, control))),
    h("fieldset", {}, h("legend", {}, "Additional identifiers"), identifiers.element),
    h("fieldset", {}, h("legend", {}, "Properties (unlisted fields get the default key)"),
      properties.element),
    h("fieldset", {}, h("legend", {}, "Edges"), edges.element));
  const syncPrimary = () => { primaryFields.disabled = kind.value !== "fields"; };
  kind.addEventListener("change", syncPrimary);
  syncPrimary();
  const read = () => {
    const edited = {
      entityType: entityType.value.trim(),
      vocabularyPrefix: prefix.value.trim(),
      origin: origin.value.trim(),
      primaryIdentifier: kind.value === "none" ? null : kind.value === "auto" ? { auto: true }
        : { fields: primaryFields.value.split(",").map((name) => name.trim()).filter(Boolean) },
      identifiers: identifiers.collect(),
      properties: properties.collect(),
      edges: edges.collect(),
    };
    for (const [name, , control] of singles) edited[name] = orNull(control);
    return edited;
  };
  return { element, read };
}
