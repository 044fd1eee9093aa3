// Preview: the endpoint's stored records, newest first, as a table with a column per
// field; search (the full-text index, whose lag is shown), a receipt filter and paging.
import { api } from "/console/api.js";
import { field, h, onSubmit, pager, show, table, text, time } from "/console/dom.js";
import { receiptChoice } from "/console/pages/endpoint/receipt_choice.js";

const PAGE = 25;

function recordsTable(items) {
  const keys = [...new Set(items.flatMap((record) => Object.keys(record.data || {})))];
  return table(["Row", "Received", ...keys], items.map((record) => [
    text(record.rowIndex), time(record.receivedAt),
    ...keys.map((key) => text(record.data ? record.data[key] : null)),
  ]), `${items.length} record(s) on this page`);
}

function lagNote(indexLag) {
  return h("p", { class: "muted", id: "index-lag" }, indexLag === 0
    ? "Search index: up to date."
    : `Search index: ${indexLag} stored record(s) not indexed yet; a search may miss them.`);
}

export async function previewTab(panel, endpoint, parameters) {
  const base = `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}`;
  const search = h("input", { type: "search", value: parameters.get("q") || "" });
  const receipt = await receiptChoice(endpoint, parameters.get("receipt") || "");
  const results = h("div", {});
  const form = h("form", { class: "filters", role: "search" },
    field("preview-search", "Search records", search),
    field("preview-receipt", "Receipt", receipt),
    h("button", { type: "submit" }, "Search"));
  const load = () => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (search.value.trim()) query.set("q", search.value.trim());
    if (receipt.value) query.set("receipt", receipt.value);
    return pager(results,
      (after) => api("GET", `${base}/records?${query}${after ? `&after=${encodeURIComponent(after)}` : ""}`),
      (page) => [lagNote(page.indexLag),
                 page.items.length ? recordsTable(page.items) : h("p", {}, "No record matches.")]);
  };
  onSubmit(form, load);
  receipt.addEventListener("change", () => form.requestSubmit());
  show(panel, h("h2", {}, "Preview"), form, results);
  await load();
}
