// A choice of the endpoint's receipts (the newest 100) or every one, as Preview, Logs and
// Settings filter by; a receipt named in the address (a link from Receipts) is offered
// even when it is older than those.
import { api } from "/console/api.js";
import { h, time } from "/console/dom.js";

export async function receiptChoice(endpoint, chosen = "") {
  const page = await api("GET",
    `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}/receipts?limit=100`);
  const select = h("select", {}, h("option", { value: "" }, "every receipt"),
    page.items.map((item) => h("option", { value: item.id },
      `${time(item.receivedAt)} (${item.accepted} accepted)`)),
    chosen && !page.items.some((item) => item.id === chosen)
      ? h("option", { value: chosen }, `receipt ${chosen}`) : null);
  select.value = chosen;
  return select;
}
