// An endpoint's page: what it is (source, group, status, mode, records) over its tabs,
// each a module of pages/endpoint/ with an address of its own (#/endpoint/<id>/<tab>).
import { api, may } from "/console/api.js";
import { h, link, show, text } from "/console/dom.js";
import { STATUS } from "/console/pages/status.js";
import { fieldsTab } from "/console/pages/endpoint/fields.js";
import { logsTab } from "/console/pages/endpoint/logs.js";
import { mappingTab } from "/console/pages/endpoint/mapping.js";
import { previewTab } from "/console/pages/endpoint/preview.js";
import { processTab } from "/console/pages/endpoint/process.js";
import { receiptsTab } from "/console/pages/endpoint/receipts.js";
import { settingsTab } from "/console/pages/endpoint/settings.js";

const TABS = [
  ["preview", "Preview", previewTab],
  ["logs", "Logs", logsTab],
  ["fields", "Fields", fieldsTab],
  ["receipts", "Receipts", receiptsTab],
  ["mapping", "Mapping", mappingTab],
  ["process", "Process", processTab],
  ["settings", "Settings", settingsTab, "admin"],
];

export async function endpointPage(main, [id, tabName = "preview"], parameters) {
  const endpoint = await api("GET", `/api/v1/endpoints/${encodeURIComponent(id)}`);
  const tabs = TABS.filter(([, , , scope]) => !scope || may(scope));
  const [name, title, render] = tabs.find(([candidate]) => candidate === tabName) || tabs[0];
  const panel = h("section", { class: "card", id: "tab", "aria-label": title });
  show(main,
    h("p", { class: "crumbs" }, link("Integrations", "integrations"), " › ", endpoint.group,
      " › ", endpoint.source),
    h("h1", {}, endpoint.name),
    h("p", { class: "facts" },
      h("span", {}, "Status: ", STATUS[endpoint.status] || endpoint.status),
      h("span", {}, "Mode: ", endpoint.mode),
      h("span", {}, "Records: ", text(endpoint.recordCount)),
      h("span", {}, "Entity type: ", endpoint.mapping.entityType)),
    h("nav", { class: "tabs", "aria-label": "Endpoint" }, tabs.map(([candidate, label]) =>
      h("a", { href: `#/endpoint/${encodeURIComponent(id)}/${candidate}`,
               "aria-current": candidate === name ? "page" : null }, label))),
    panel);
  await render(panel, endpoint, parameters);
}
