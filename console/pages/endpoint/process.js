// Process: start a job over the endpoint's records and follow it on a live progress bar
// until it is done; the endpoint's jobs, newest first, with what each made.
import { api, may } from "/console/api.js";
import { actionButton, h, notify, pager, show, table, text, time } from "/console/dom.js";

const POLL_MS = 400;

function outcome(job) {
  return `${job.created} created, ${job.merged} merged, ${job.unchanged} unchanged, ` +
         `${job.failed} failed, ${job.removed} removed`;
}

// Shows `job` in `holder` and polls it while it runs and the holder is on the page.
async function follow(holder, job, onEnd) {
  const bar = h("progress", { id: "job-progress", max: Math.max(job.total, 1),
                              value: job.state === "done" ? Math.max(job.total, 1) : job.done });
  const label = h("label", { for: "job-progress" },
    `Job ${job.id.slice(0, 8)} (${job.kind}): ${job.state}, ${job.done} of ${job.total} records`);
  show(holder, label, bar, h("p", { id: "job-outcome" },
    job.state === "done" ? outcome(job) : "", job.message ? ` ${job.message}` : ""));
  if (job.state === "done" || job.state === "failed") return onEnd();
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  if (!holder.isConnected) return undefined;
  return follow(holder, await api("GET", `/api/v1/jobs/${encodeURIComponent(job.id)}`), onEnd);
}

export async function processTab(panel, endpoint) {
  const base = `/api/v1/endpoints/${encodeURIComponent(endpoint.id)}`;
  const progress = h("div", { class: "progress", "aria-live": "polite" });
  const jobs = h("div", {});
  const listJobs = () => pager(jobs,
    (after) => api("GET", `${base}/jobs?limit=20${after ? `&after=${encodeURIComponent(after)}` : ""}`),
    (page) => page.items.length === 0 ? h("p", {}, "No job yet.") :
      table(["Started", "Kind", "Trigger", "State", "Records", "Outcome", "Finished"],
        page.items.map((job) => [time(job.createdAt), job.kind, job.trigger, job.state,
          `${job.done} of ${job.total}`, job.state === "done" ? outcome(job) : text(job.message),
          time(job.finishedAt)]), "Jobs, newest first"));
  const start = may("admin") ? actionButton("Start processing", async () => {
    const job = await api("POST", `${base}/process`);
    await follow(progress, job, listJobs);
  }, { class: "primary" }) : null;
  show(panel, h("h2", {}, "Process"),
    h("p", {}, endpoint.mode === "manual"
      ? "Manual mode: records wait here until a job processes them."
      : `${endpoint.mode} mode: records are processed as they arrive; a job may still be started.`),
    start, progress, jobs);
  const page = await api("GET", `${base}/jobs?limit=1`);
  const running = page.items.find((job) => job.state === "queued" || job.state === "running");
  await listJobs();
  if (running) follow(progress, running, listJobs).catch(notify);
}
