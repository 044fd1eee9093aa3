// Golden records: search by entity type, code and text; also those with a part from an
// endpoint or a request (#/golden?endpoint=<id> or ?receipt=<id>, from the Receipts tab);
// and the keep-apart rules unmerges wrote, which an admin may delete.
import { all, api, may } from "/console/api.js";
import { confirmButton, field, h, link, onSubmit, pager, show, table, time } from "/console/dom.js";

function entitiesTable(items) {
  return table(["Name", "Entity type", "Codes", "Parts", "Updated"], items.map((entity) => [
    link(entity.name || entity.id, "entity", entity.id), entity.entityType,
    h("ul", { class: "codes" }, entity.codes.map((code) => h("li", {}, h("code", {}, code))),
      entity.codeCount > entity.codes.length
        ? h("li", {}, `and ${entity.codeCount - entity.codes.length} more`) : null),
    String(entity.partCount), time(entity.updatedAt),
  ]), `${items.length} golden record(s) on this page`);
}

function rulesTable(container) {
  return pager(container,
    (after) => api("GET", `/api/v1/rules/keep-apart?limit=25${after ? `&after=${encodeURIComponent(after)}` : ""}`),
    (page) => page.items.length === 0 ? h("p", {}, "No rule: no golden record was unmerged.") :
      table(["Created", "Unmerged", "Kept apart from", ""], page.items.map((rule) => [
        time(rule.createdAt), h("code", {}, rule.unmerged.code), h("code", {}, rule.keptApartFrom.code),
        may("admin") ? confirmButton("Delete rule", "Delete this rule? The next job may merge them again.",
          async () => {
            await api("DELETE", `/api/v1/rules/keep-apart/${encodeURIComponent(rule.id)}`);
            await rulesTable(container);
          }) : "",
      ]), "Keep-apart rules, oldest first"));
}

export async function goldenRecordsPage(main, _segments, parameters) {
  const endpoints = await all("/api/v1/endpoints");
  const type = h("input", { list: "entity-types", value: parameters.get("type") || "" });
  const code = h("input", { value: parameters.get("code") || "", placeholder: "/Customer#crm:1" });
  const words = h("input", { type: "search", value: parameters.get("q") || "" });
  const results = h("div", {});
  const rules = h("div", {});
  const scope = ["endpoint", "receipt"].filter((name) => parameters.get(name));
  const load = () => {
    const query = new URLSearchParams({ limit: "25" });
    for (const [name, input] of [["type", type], ["code", code], ["q", words]]) {
      if (input.value.trim()) query.set(name, input.value.trim());
    }
    for (const name of scope) query.set(name, parameters.get(name));
    return pager(results,
      (after) => api("GET", `/api/v1/entities?${query}${after ? `&after=${encodeURIComponent(after)}` : ""}`),
      (page) => page.items.length ? entitiesTable(page.items) : h("p", {}, "No golden record matches."));
  };
  const form = onSubmit(h("form", { class: "filters", role: "search" },
    h("datalist", { id: "entity-types" },
      [...new Set(endpoints.map((endpoint) => endpoint.mapping.entityType))].sort()
        .map((value) => h("option", { value }))),
    field("golden-type", "Entity type", type),
    field("golden-code", "Code", code),
    field("golden-q", "Text", words),
    h("button", { type: "submit" }, "Search")), load);
  const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.name]));
  show(main, h("h1", {}, "Golden records"),
    scope.length ? h("p", { class: "scope" }, scope.map((name) => name === "endpoint"
      ? `Only those with a part from endpoint ${byId.get(parameters.get(name)) || parameters.get(name)}. `
      : `Only those with a part from the request ${parameters.get(name)}. `),
      h("a", { href: "#/golden" }, "Show every golden record")) : null,
    h("section", { class: "card" }, form, results),
    h("section", { class: "card" }, h("h2", {}, "Keep-apart rules"), rules));
  await Promise.all([load(), rulesTable(rules)]);
}
