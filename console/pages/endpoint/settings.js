// Settings (admin): rename, switch the mode, remove the records' golden-record parts
// (keeping the mapping), clear the preview, delete the endpoint.
import { api } from "/console/api.js";
import { confirmButton, field, h, onSubmit, show } from "/console/dom.js";
import { receiptChoice } from "/console/pages/endpoint/receipt_choice.js";

export async function settingsTab(panel, endpoint) {
  const base = `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}`;
  const status = h("p", { role: "status", class: "muted" });
  const reload = () => window.dispatchEvent(new HashChangeEvent("hashchange"));

  const name = h("input", { value: endpoint.name, required: true });
  const mode = h("select", {}, ["manual", "automatic", "bridge"].map(
    (value) => h("option", { value }, value)));
  mode.value = endpoint.mode;
  const general = onSubmit(h("form", { class: "card-part" }, h("h3", {}, "Name and mode"),
    field("settings-name", "Name", name), field("settings-mode", "Processing mode", mode),
    h("button", { type: "submit", class: "primary" }, "Save settings")), async () => {
    await api("PATCH", base, { name: name.value, mode: mode.value });
    reload();
  });

  const receipt = await receiptChoice(endpoint);
  const remove = h("div", { class: "card-part" }, h("h3", {}, "Remove records, keep the mapping"),
    h("p", {}, "Takes the records' parts out of every golden record (recomputed; one left " +
               "without parts disappears). The preview and the mapping stay; the records can be " +
               "processed again."),
    field("settings-receipt", "Records of", receipt),
    confirmButton("Remove records", "Remove these records from the golden records?", async () => {
      const body = receipt.value ? { receiptId: receipt.value } : undefined;
      const job = await api("POST", `${base}/remove-records`, body);
      status.textContent = `Job ${job.id.slice(0, 8)} started: follow it in the Process tab.`;
    }));

  const clear = h("div", { class: "card-part" }, h("h3", {}, "Clear the preview"),
    h("p", {}, "Deletes the stored records; the mapping and golden records stay."),
    confirmButton("Clear preview", "Delete every stored record of this endpoint?", async () => {
      await api("DELETE", `${base}/records`);
      reload();
    }));

  const force = h("input", { type: "checkbox" });
  const destroy = h("div", { class: "card-part" }, h("h3", {}, "Delete the endpoint"),
    h("label", { class: "check" }, force,
      " Also take its records out of the golden records (needed once it has been processed)"),
    confirmButton("Delete endpoint", `Delete ${endpoint.name} and everything it holds?`, async () => {
      await api("DELETE", `${base}${force.checked ? "?force=true" : ""}`);
      location.hash = "#/integrations";
    }));

  show(panel, h("h2", {}, "Settings"), status, general, remove, clear, destroy);
}
