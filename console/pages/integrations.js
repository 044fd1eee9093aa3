// Integrations: groups → sources → endpoints, with each endpoint's status, record count
// and last receipt, and how to send to it (View instructions).
import { all, api, may } from "/console/api.js";
import { copyButton, field, h, link, notify, show, text, time } from "/console/dom.js";
import { STATUS } from "/console/pages/status.js";

function instructionsCard(endpoint) {
  const instructions = endpoint.instructions;
  const headers = Object.entries(instructions.headers).map(([name, value]) =>
    h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, h("code", {}, value))));
  return h("section", { class: "card", "aria-label": `Instructions for ${endpoint.name}` },
    h("h2", {}, "Send records to ", endpoint.name),
    h("p", {}, h("code", {}, instructions.method, " ", instructions.url), " ",
      copyButton(instructions.url, "Copy URL")),
    h("table", {}, h("tbody", {}, headers)),
    h("h3", {}, "With curl"),
    h("pre", {}, instructions.curl), copyButton(instructions.curl, "Copy curl line"),
    h("h3", {}, "Accepted"),
    h("ul", {}, instructions.accepts.map((shape) => h("li", {}, shape))),
    h("h3", {}, "Limits"),
    h("ul", {}, Object.entries(instructions.limits).map(([name, value]) =>
      h("li", {}, `${name}: ${text(value)}`))));
}

async function showInstructions(container, id) {
  show(container, instructionsCard(await api("GET", `/api/v1/endpoints/${encodeURIComponent(id)}`)));
  container.scrollIntoView();
}

// Add endpoint: name, source and group (new or existing: the lists suggest those there
// are), the entity type of its first mapping and the mode.
function addEndpointForm(endpoints, reload) {
  const options = (id, values) => h("datalist", { id }, [...new Set(values)].sort().map(
    (value) => h("option", { value })));
  const name = h("input", { id: "new-name", required: true });
  const source = h("input", { id: "new-source", required: true, list: "sources" });
  const group = h("input", { id: "new-group", required: true, list: "groups" });
  const type = h("input", { id: "new-type", required: true, value: "/Customer",
                            pattern: "(/[A-Za-z][A-Za-z0-9_]*)+" });
  const reuse = h("select", { id: "new-mapping" }, h("option", { value: "" }, "a new mapping"),
    endpoints.map((endpoint) => h("option", { value: endpoint.id },
      `the mapping of ${endpoint.name} (${endpoint.source})`)));
  reuse.addEventListener("change", () => { type.disabled = reuse.value !== ""; });
  const mode = h("select", { id: "new-mode" }, ["manual", "automatic", "bridge"].map(
    (value) => h("option", { value }, value)));
  const form = h("form", { class: "card add" },
    h("h2", {}, "Add endpoint"),
    field("new-name", "Name", name),
    field("new-source", "Source (new or existing)", source),
    options("sources", endpoints.map((endpoint) => endpoint.source)),
    field("new-group", "Group (new or existing)", group),
    options("groups", endpoints.map((endpoint) => endpoint.group)),
    field("new-mapping", "Mapping", reuse),
    field("new-type", "Entity type of a new mapping", type),
    field("new-mode", "Processing mode", mode),
    h("button", { type: "submit", class: "primary" }, "Add endpoint"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const created = await api("POST", "/api/v1/endpoints", {
        name: name.value, source: source.value, group: group.value,
        mapping: reuse.value ? { fromEndpoint: reuse.value } : { entityType: type.value },
        mode: mode.value,
      });
      await reload();
      show(document.getElementById("detail"), instructionsCard(created));
    } catch (error) {
      notify(error);
    }
  });
  return form;
}

export async function integrationsPage(main) {
  const endpoints = await all("/api/v1/endpoints");
  const detail = h("div", { id: "detail" });
  const byGroup = new Map();
  const lastReceipts = [];
  for (const endpoint of endpoints) {
    const sources = byGroup.get(endpoint.group) || new Map();
    byGroup.set(endpoint.group, sources);
    const list = sources.get(endpoint.source) || [];
    sources.set(endpoint.source, list);
    list.push(endpoint);
  }
  const groups = [...byGroup.keys()].sort().map((group) => {
    const sources = [...byGroup.get(group).keys()].sort().map((source) => {
      const rows = byGroup.get(group).get(source).map((endpoint) => {
        const view = h("button", { type: "button", class: "small" }, "View instructions");
        view.addEventListener("click", () => showInstructions(detail, endpoint.id));
        // data-label names each cell where a narrow screen stacks them (console.css).
        const last = h("td", { "data-label": "Last receipt" });
        lastReceipts.push([endpoint, last]);
        return h("tr", {},
          h("td", { "data-label": "Endpoint", class: "name" }, link(endpoint.name, "endpoint", endpoint.id)),
          h("td", { "data-label": "Status" }, STATUS[endpoint.status] || endpoint.status),
          h("td", { "data-label": "Records", class: "number" }, text(endpoint.recordCount)),
          h("td", { "data-label": "Mode" }, endpoint.mode),
          last,
          h("td", {}, view));
      });
      return h("section", { class: "source" }, h("h3", {}, "Source: ", source),
        h("table", {},
          h("thead", {}, h("tr", {}, ["Endpoint", "Status", "Records", "Mode", "Last receipt", ""].map(
            (title) => h("th", { scope: "col" }, title)))),
          h("tbody", {}, rows)));
    });
    return h("section", { class: "card group" }, h("h2", {}, "Group: ", group), sources);
  });
  const reload = () => integrationsPage(main);
  show(main,
    h("h1", {}, "Integrations"),
    endpoints.length === 0 ? h("p", {}, "No endpoint yet.") : groups,
    detail,
    may("admin") ? addEndpointForm(endpoints, reload) : null);
  // Each endpoint's newest receipt, filled in after the table shows.
  await Promise.all(lastReceipts.map(async ([endpoint, cell]) => {
    const page = await api("GET", `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}/receipts?limit=1`);
    const receipt = page.items[0];
    show(cell, receipt ? `${time(receipt.receivedAt)}: ${receipt.accepted} accepted, ` +
                         `${receipt.rejected} rejected` : "none");
  }));
}
