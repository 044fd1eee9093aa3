// The console walked in headless Chromium against the real server (console_test.sh).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

// playwright-core is installed next to the build, not in the repository (NODE_PATH).
const { chromium } = createRequire(import.meta.url)("playwright-core");

const base = process.env.INLET_URL;
const adminToken = process.env.ADMIN_TOKEN;
const shots = process.env.SHOTS_DIR;

async function call(method, path, body, token = adminToken) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });
});
after(async () => { await browser.close(); });

// A fresh page (its own sessionStorage) that fails the test on any script error or
// Content-Security-Policy violation.
async function open(width = 1280, height = 800) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${base}/console/`);
  return { page, problems };
}

async function signIn(page, token) {
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin signs in, adds an endpoint and reads its instructions", async () => {
  const { page, problems } = await open();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.screenshot({ path: `${shots}/sign-in.png` });
  await signIn(page, adminToken);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();

  await page.getByLabel("Name").fill("customers");
  await page.getByLabel("Source (new or existing)").fill("CRM");
  await page.getByLabel("Group (new or existing)").fill("Sales");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("heading", { name: "Send records to customers" }).waitFor();
  const url = await page.locator("#detail code").first().textContent();
  assert.match(url, /^POST http:\/\/127\.0\.0\.1:\d+\/upload\/api\/endpoint\/[0-9a-f-]{36}$/);
  assert.ok(await page.getByRole("button", { name: "Copy curl line" }).isVisible());
  await page.screenshot({ path: `${shots}/integrations.png`, fullPage: true });
  assert.deepEqual(problems, []);
});

test("values from the server are text, never markup", async () => {
  const markup = "<img src=x onerror=window.__pwned=1>";
  await call("POST", "/api/v1/endpoints", {
    name: markup, source: "Web", group: "Marketing", mapping: { entityType: "/Lead" },
  });
  const { page, problems } = await open();
  await signIn(page, adminToken);
  await page.getByRole("cell", { name: markup }).waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("main img").count(), 0);
  assert.deepEqual(problems, []);
});

test("a read-only token is offered nothing that writes; an ingest token nothing at all", async () => {
  const reader = await call("POST", "/api/v1/tokens", { name: "steward", scopes: ["read"] });
  const { page, problems } = await open();
  await signIn(page, reader.token);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Add endpoint" }).count(), 0);
  assert.match(await page.locator("#who").textContent(), /steward \(read\)/);

  const sender = await call("POST", "/api/v1/tokens", { name: "nifi", scopes: ["ingest"] });
  const second = await open();
  await signIn(second.page, sender.token);
  await second.page.getByRole("heading", { name: "Nothing to show" }).waitFor();
  assert.deepEqual([...problems, ...second.problems], []);
});

test("a wrong token is refused with the server's message id", async () => {
  const { page } = await open();
  await signIn(page, "not-a-token");
  await page.locator("#notice").waitFor();
  assert.match(await page.locator("#notice").textContent(), /^401 unauthenticated: /);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
});

test("at 390 px wide nothing scrolls sideways", async () => {
  const { page, problems } = await open(390, 844);
  await signIn(page, adminToken);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${overflow} px of horizontal scroll`);
  await page.screenshot({ path: `${shots}/integrations-390.png`, fullPage: true });
  assert.deepEqual(problems, []);
});
