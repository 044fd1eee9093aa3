// Receipts: each request's report (what was received, accepted, rejected, warned) and
// what processing made of its records: the four golden-record counts, each record's
// outcome, and links to its records, its logs and its golden records.
import { api } from "/console/api.js";
import { actionButton, h, link, pager, show, table, text, time } from "/console/dom.js";

function counts(golden) {
  return `${golden.created} created, ${golden.merged} merged, ` +
         `${golden.unchanged} unchanged, ${golden.failed} failed`;
}

async function showOutcomes(container, receipt) {
  const base = `/api/v1/receipts/${encodeURIComponent(receipt.id)}/outcomes?limit=50`;
  await pager(container,
    (after) => api("GET", after ? `${base}&after=${encodeURIComponent(after)}` : base),
    (page) => table(["Row", "Record", "Outcome", "Golden record"], page.items.map((item) => [
      text(item.rowIndex), h("code", {}, item.recordId), item.outcome,
      item.entityId ? link(item.entityId, "entity", item.entityId) : "",
    ]), `What each record of the request at ${time(receipt.receivedAt)} came to`));
  container.scrollIntoView();
}

export async function receiptsTab(panel, endpoint) {
  const id = encodeURIComponent(endpoint.id);
  const base = `/api/v1/endpoints/${id}/receipts?limit=25`;
  const results = h("div", {});
  const outcomes = h("div", { id: "outcomes" });
  show(panel, h("h2", {}, "Receipts"), results, outcomes);
  await pager(results,
    (after) => api("GET", after ? `${base}&after=${encodeURIComponent(after)}` : base),
    (page) => page.items.length === 0 ? h("p", {}, "No request received yet.") :
      table(["Received", "HTTP", "Records", "Warnings", "Errors", "Golden records", ""],
        page.items.map((receipt) => [
          time(receipt.receivedAt), text(receipt.httpStatus),
          `${receipt.received} received, ${receipt.accepted} accepted, ${receipt.rejected} rejected`,
          text(receipt.warnings), text(receipt.errors),
          receipt.timesProcessed === 0 ? "not processed yet" : counts(receipt.goldenRecords),
          h("span", { class: "actions" },
            h("a", { href: `#/endpoint/${id}/preview?receipt=${encodeURIComponent(receipt.id)}` }, "Records"),
            h("a", { href: `#/endpoint/${id}/logs?receipt=${encodeURIComponent(receipt.id)}` }, "Logs"),
            h("a", { href: `#/golden?receipt=${encodeURIComponent(receipt.id)}` }, "Golden records"),
            actionButton("Outcomes", () => showOutcomes(outcomes, receipt), { class: "small" })),
        ])));
}
