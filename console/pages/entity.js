// A golden record: its properties with the source record of each value, its codes, parts
// (with unmerge), the ids merged into it, its edges as links, and its history.
import { all, api, may } from "/console/api.js";
import { confirmButton, h, link, pager, show, table, text, time } from "/console/dom.js";

const PAGE = 25;

// "Endpoint name" linked to its preview of that request, for a part {endpointId, receiptId}.
function source(names, part) {
  const name = names.get(part.endpointId) || part.endpointId;
  return part.receiptId
    ? h("a", { href: `#/endpoint/${encodeURIComponent(part.endpointId)}/preview?receipt=${encodeURIComponent(part.receiptId)}` }, name)
    : link(name, "endpoint", part.endpointId);
}

function paged(container, path, render) {
  const base = `${path}?limit=${PAGE}`;
  return pager(container,
    (after) => api("GET", after ? `${base}&after=${encodeURIComponent(after)}` : base), render);
}

function propertiesTable(entity, names) {
  const rows = Object.entries(entity.properties).sort(([a], [b]) => a.localeCompare(b))
    .map(([key, property]) => [h("code", {}, key), text(property.value), source(names, property),
      h("code", {}, property.recordId)]);
  return rows.length ? table(["Property", "Value", "From", "Source record"], rows)
                     : h("p", {}, "No property.");
}

function edgesList(entity) {
  const outgoing = entity.edges.outgoing.map((edge) => h("li", {}, edge.edgeType, " → ",
    edge.id ? link(edge.to, "entity", edge.id) : h("code", {}, edge.to)));
  const incoming = entity.edges.incoming.map((edge) => h("li", {}, edge.edgeType, " ← ",
    link(edge.from, "entity", edge.from)));
  return [h("h3", {}, "Outgoing"), outgoing.length ? h("ul", {}, outgoing) : h("p", {}, "None."),
          h("h3", {}, "Incoming"), incoming.length ? h("ul", {}, incoming) : h("p", {}, "None.")];
}

function historyTable(items, names) {
  return table(["When", "What", "Part", "Property", "From", "To"], items.map((event) => [
    time(event.at), event.kind === "events-omitted" ? `${event.count} events omitted` : event.kind,
    event.part ? [source(names, event.part), " ", h("code", {}, event.part.recordId)] : "",
    event.property ? h("code", {}, event.property) : "",
    text(event.from),
    event.mergedInto ? ["merged into ", link(event.mergedInto, "entity", event.mergedInto)]
      : event.mergedFrom ? ["merged from ", event.mergedFrom.map((id) => [link(id, "entity", id), " "])]
      : text(event.to),
  ]), "Oldest first");
}

// `notice`: what the page says first (after an unmerge, where the part went).
export async function entityPage(main, [id], _parameters, notice = null) {
  const [entity, endpoints] = await Promise.all([
    api("GET", `/api/v1/entities/${encodeURIComponent(id)}`), all("/api/v1/endpoints")]);
  const names = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.name]));
  const path = `/api/v1/entities/${encodeURIComponent(entity.id)}`;
  const status = h("p", { role: "status" }, notice);
  const codes = h("div", {});
  const parts = h("div", {});
  const history = h("div", {});
  const unmerge = (part) => confirmButton("Unmerge",
    `Take this part out into a golden record of its own, kept apart from this one?`, async () => {
      const answer = await api("POST", `${path}/unmerge`,
        { part: { endpointId: part.endpointId, recordId: part.recordId } });
      await entityPage(main, [answer.entityId], null, ["Unmerged into ",
        link("a golden record of its own", "entity", answer.unmergedEntityId),
        "; a keep-apart rule stops later jobs merging them again."]);
    });
  show(main,
    h("p", { class: "crumbs" }, link("Golden records", "golden"), " › ", entity.entityType),
    h("h1", {}, entity.name || entity.id),
    entity.id !== id ? h("p", { class: "scope" }, `${id} was merged into this golden record.`) : null,
    status,
    h("p", { class: "facts" }, h("span", {}, "Id: ", h("code", {}, entity.id)),
      h("span", {}, "Type: ", entity.entityType), h("span", {}, "Created: ", time(entity.createdAt)),
      h("span", {}, "Updated: ", time(entity.updatedAt)),
      entity.shadow ? h("span", {}, "Shadow: only edges name it so far") : null),
    entity.description ? h("p", {}, entity.description) : null,
    h("section", { class: "card" }, h("h2", {}, "Properties"), propertiesTable(entity, names)),
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("h2", {}, "Parts"), parts),
      h("section", { class: "card" }, h("h2", {}, "Codes"), codes),
      h("section", { class: "card" }, h("h2", {}, "Merged ids"), entity.mergedFrom.length
        ? h("ul", {}, entity.mergedFrom.map((merged) => h("li", {}, h("code", {}, merged))))
        : h("p", {}, "No golden record was merged into this one.")),
      h("section", { class: "card" }, h("h2", {}, "Edges"), edgesList(entity))),
    h("section", { class: "card" }, h("h2", {}, "History"), history));
  await Promise.all([
    paged(codes, `${path}/codes`, (page) => h("ul", { class: "codes" },
      page.items.map((code) => h("li", {}, h("code", {}, code))))),
    paged(parts, `${path}/parts`, (page) => table(["Endpoint", "Record", ""],
      page.items.map((part) => [source(names, part), h("code", {}, part.recordId),
        may("admin") && entity.partCount > 1 ? unmerge(part) : ""]))),
    paged(history, `${path}/history`, (page) => historyTable(page.items, names)),
  ]);
}
