// Mapping: the endpoint's mapping in an editor for every part of SPEC §4; auto-mapping
// proposes one from the fields seen, with the reason for each part, and saves nothing
// until Save; sample clues show what the mapping makes of the first records.
import { all, api, may } from "/console/api.js";
import { actionButton, confirmButton, h, show, table, text } from "/console/dom.js";
import { mappingForm } from "/console/pages/endpoint/mapping_form.js";

function cluesTable(clues) {
  return table(["Code", "Name", "Codes", "Properties", "Edges"], clues.map((clue) => [
    h("code", {}, clue.code), clue.name,
    h("ul", {}, clue.codes.map((code) => h("li", {}, h("code", {}, code)))),
    h("dl", { class: "pairs" }, Object.entries(clue.properties).map(([key, value]) =>
      [h("dt", {}, key), h("dd", {}, text(value))])),
    h("ul", {}, clue.edges.map((edge) => h("li", {}, text(edge)))),
  ]), "What the saved mapping makes of the first records (nothing is processed)");
}

export async function mappingTab(panel, endpoint) {
  const base = `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}`;
  const [mapping, fields] = await Promise.all([
    api("GET", `${base}/mapping`), all(`${base}/fields?limit=500`)]);
  const names = fields.map((profile) => profile.name);
  const formHolder = h("div", {});
  const reasons = h("div", { id: "reasons" });
  const clues = h("div", { id: "clues" });
  const status = h("p", { role: "status", class: "muted" });
  let form;
  const edit = (value) => {
    form = mappingForm(value, names);
    if (!may("admin")) {
      form.element.querySelectorAll("input, select, button").forEach((control) => {
        control.disabled = true;
      });
    }
    show(formHolder, form.element);
  };
  edit(mapping);
  const writes = may("admin") ? [
    actionButton("Save mapping", async () => {
      edit(await api("PUT", `${base}/mapping`, form.read()));
      status.textContent = "Saved.";
    }, { class: "primary" }),
    actionButton("Auto-map", async () => {
      const proposal = await api("POST", `${base}/mapping/auto`);
      edit(proposal.mapping);
      status.textContent = "Proposed from the fields seen; not saved until Save mapping.";
      show(reasons, h("h3", {}, "Why each part was proposed"),
        h("dl", { class: "reasons" }, proposal.reasons.map((reason) =>
          [h("dt", {}, h("code", {}, reason.part)), h("dd", {}, reason.why)])));
    }),
    confirmButton("Reset mapping", "Reset the mapping to its initial state?", async () => {
      edit(await api("DELETE", `${base}/mapping`));
      status.textContent = "Reset.";
    }),
  ] : [];
  const sample = actionButton("Sample clues", async () => {
    const answer = await api("GET", `${base}/clues/sample?limit=5`);
    show(clues, answer.items.length ? cluesTable(answer.items) : h("p", {}, "No record to sample."));
  });
  show(panel, h("h2", {}, "Mapping"), formHolder,
    h("p", { class: "actions" }, writes, sample), status, reasons, clues);
}
