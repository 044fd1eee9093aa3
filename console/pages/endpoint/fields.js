// Fields: the profile of the endpoint's records, field by field: in how many records,
// how often empty, how many distinct values (approximate past a bound), samples.
import { api } from "/console/api.js";
import { h, pager, show, table, text } from "/console/dom.js";

export async function fieldsTab(panel, endpoint) {
  const base = `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}/fields?limit=50`;
  const results = h("div", {});
  show(panel, h("h2", {}, "Fields"), results);
  await pager(results,
    (after) => api("GET", after ? `${base}&after=${encodeURIComponent(after)}` : base),
    (page) => [
      page.items.length === 0 ? h("p", {}, "No field seen yet: send records first.") :
        table(["Field", "In records", "Empty", "Distinct values", "Samples"],
          page.items.map((profile) => [h("code", {}, profile.name), text(profile.count),
            text(profile.emptyCount),
            `${profile.distinctApproximate ? "about " : ""}${profile.distinctCount}`,
            h("ul", { class: "samples" }, profile.samples.map((sample) => h("li", {}, text(sample))))])),
      page.other ? h("p", { class: "muted" },
        `${page.other.fieldCountApproximate ? "About " : ""}${page.other.fieldCount} more ` +
        `field name(s) past the profile's bound, with ${page.other.count} value(s), ` +
        `${page.other.emptyCount} empty, are counted together.`) : null,
    ]);
}
