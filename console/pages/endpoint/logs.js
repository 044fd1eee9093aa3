// Logs: what ingestion and processing said about the endpoint's records, one row per
// (receipt, message, property, level) with how often and the first rows; filters by
// level, stage and receipt; an admin may purge them.
import { api, may } from "/console/api.js";
import { confirmButton, field, h, onSubmit, pager, show, table, text, time } from "/console/dom.js";
import { receiptChoice } from "/console/pages/endpoint/receipt_choice.js";

const STAGES = ["request", "parsing", "storing", "mapping", "processing"];

function choice(values, everything) {
  return h("select", {}, h("option", { value: "" }, everything),
    values.map((value) => h("option", { value }, value)));
}

export async function logsTab(panel, endpoint, parameters) {
  const base = `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}`;
  const level = choice(["error", "warning"], "every level");
  const stage = choice(STAGES, "every stage");
  const receipt = await receiptChoice(endpoint, parameters.get("receipt") || "");
  const results = h("div", {});
  const load = () => {
    const query = new URLSearchParams({ limit: "50" });
    for (const [name, select] of [["level", level], ["stage", stage], ["receipt", receipt]]) {
      if (select.value) query.set(name, select.value);
    }
    return pager(results,
      (after) => api("GET", `${base}/logs?${query}${after ? `&after=${encodeURIComponent(after)}` : ""}`),
      (page) => page.items.length === 0 ? h("p", {}, "Nothing logged.") :
        table(["When", "Level", "Stage", "Message id", "Property", "Count", "First rows", "Message"],
          page.items.map((log) => [time(log.createdAt), log.level, log.stage,
            h("code", {}, log.messageId), text(log.property), text(log.count),
            log.rowIndexes.join(", "), log.message])));
  };
  const form = onSubmit(h("form", { class: "filters" },
    field("logs-level", "Level", level), field("logs-stage", "Stage", stage),
    field("logs-receipt", "Receipt", receipt),
    h("button", { type: "submit" }, "Filter")), load);
  for (const select of [level, stage, receipt]) {
    select.addEventListener("change", () => form.requestSubmit());
  }
  const purge = may("admin") ? confirmButton("Purge logs",
    "Purge every log row of this endpoint?", async () => {
      await api("DELETE", `${base}/logs`);
      await load();
    }) : null;
  show(panel, h("h2", {}, "Logs"), form, results, purge);
  await load();
}
