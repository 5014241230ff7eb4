#!/usr/bin/env node
// peer.js - the benchmark peer of irscan: the same ARM reads, made with
// Microsoft's Azure SDK for JavaScript, at the same concurrency.
//
// Per run: the subscription list (every page; Enabled subscriptions only),
// then for each subscription, all at once: securityContacts, pricings,
// alerts (every page) and automations (every page); then, for each enabled
// automation with an "Alerts" event source, one GET of each Logic App
// (workflows.get) and Log Analytics workspace (workspaces.get) its actions
// point at, once per distinct resource id in the whole run.
//
// Configuration (environment): ARM_ENDPOINT, AUTHORITY_HOST,
// AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, CONCURRENCY
// (default 16), SUBSCRIPTION_LIMIT (optional: only the first N Enabled
// subscriptions), PEER_VERBOSE=1 (one stderr line per failed call).
// Extra CA certificates come from NODE_EXTRA_CA_CERTS.
//
// Output: one JSON line on stdout
//   {"peer":"node-azure-sdk","subscriptions":N,"requests":R,"errors":E,"wall_ms":T}
// and a short breakdown on stderr.  Failed calls are counted, not fatal.
"use strict";

const { performance } = require("node:perf_hooks");
const { ClientSecretCredential } = require("@azure/identity");
const { createDefaultHttpClient } = require("@azure/core-rest-pipeline");
const { SubscriptionClient } = require("@azure/arm-resources-subscriptions");
const { SecurityCenter } = require("@azure/arm-security");
const { LogicManagementClient } = require("@azure/arm-logic");
const { OperationalInsightsManagementClient } = require("@azure/arm-operationalinsights");

// performance.now() counts from process start, so wall_ms includes Node's
// start-up and loading the SDK modules, as an outside timer of irscan would.
const loadedMs = performance.now();

// ---- configuration ----

function env(name, fallback) {
  const v = process.env[name];
  if (v !== undefined && v !== "") return v;
  if (fallback !== undefined) return fallback;
  process.stderr.write(`peer: error: ${name} is not set\n`);
  process.exit(2);
}

function positiveInt(name, fallback) {
  const raw = env(name, fallback === undefined ? "" : String(fallback));
  if (raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`peer: error: ${name} must be a positive integer, not '${raw}'\n`);
    process.exit(2);
  }
  return n;
}

const ARM_ENDPOINT = env("ARM_ENDPOINT").replace(/\/+$/, "");
const AUTHORITY_HOST = env("AUTHORITY_HOST").replace(/\/+$/, "");
const TENANT_ID = env("AZURE_TENANT_ID");
const CLIENT_ID = env("AZURE_CLIENT_ID");
const CLIENT_SECRET = env("AZURE_CLIENT_SECRET");
const CONCURRENCY = positiveInt("CONCURRENCY", 16);
const SUBSCRIPTION_LIMIT = positiveInt("SUBSCRIPTION_LIMIT", "");
const VERBOSE = process.env.PEER_VERBOSE === "1";
const SCOPES = ["https://management.azure.com/.default"];

// ---- global concurrency limit: one slot per SDK call or page ----

class Limiter {
  constructor(n) {
    this.free = n;
    this.waiting = [];
  }

  async run(fn) {
    if (this.free > 0) this.free--;
    else await new Promise((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hand the slot straight over
      else this.free++;
    }
  }
}

const limiter = new Limiter(CONCURRENCY);

// The pages of a PagedAsyncIterableIterator, one limiter slot per page:
// each byPage() step sends exactly one GET (the first page, then each
// nextLink), so no more than CONCURRENCY requests are ever in flight.
async function* limitedPages(paged) {
  const pages = paged.byPage();
  for (;;) {
    const step = await limiter.run(() => pages.next());
    if (step.done) return;
    yield step.value;
  }
}

// ---- pipeline: one HTTP client (one keep-alive pool) and a request counter ----

const requests = { total: 0, arm: 0, entra: 0 };
// perRetry: runs once for every HTTP attempt, retries included.
function counter(kind) {
  return {
    policy: {
      name: `peerCount-${kind}`,
      sendRequest(request, next) {
        requests.total++;
        requests[kind]++;
        return next(request);
      },
    },
    position: "perRetry",
  };
}
const httpClient = createDefaultHttpClient();

// Entra ID requests (metadata discovery, tokens) go through the
// credential's own pipeline; the token is cached by the credential (MSAL).
const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, {
  authorityHost: AUTHORITY_HOST,
  disableInstanceDiscovery: true,
  httpClient,
  additionalPolicies: [counter("entra")],
});

const armPipeline = { httpClient, additionalPolicies: [counter("arm")] };
// Classic (AutoRest) clients take credentialScopes; the TypeSpec-generated
// ("modular") clients take credentials.scopes.  Same scope for both.
const classicOptions = { endpoint: ARM_ENDPOINT, credentialScopes: SCOPES, ...armPipeline };
const modularOptions = { endpoint: ARM_ENDPOINT, credentials: { scopes: SCOPES }, ...armPipeline };

// The SDK binds a client to one subscription: one client per subscription
// and kind, made on first use (all share the credential and HTTP client).
function perSubscription(make) {
  const clients = new Map();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    let c = clients.get(key);
    if (!c) {
      c = make(subscriptionId);
      clients.set(key, c);
    }
    return c;
  };
}
const securityClient = perSubscription((s) => new SecurityCenter(credential, s, classicOptions));
const logicClient = perSubscription((s) => new LogicManagementClient(credential, s, classicOptions));
const workspaceClient = perSubscription(
  (s) => new OperationalInsightsManagementClient(credential, s, modularOptions));

// ---- errors ----

const errors = [];

function recordError(what, err) {
  let url = err && err.request && err.request.url;
  let apiVersion = null;
  try {
    if (url) {
      const u = new URL(url);
      apiVersion = u.searchParams.get("api-version");
      url = u.pathname;
    }
  } catch {
    /* keep the raw url */
  }
  const e = {
    what,
    status: (err && (err.statusCode ?? (err.response && err.response.status))) || 0,
    code: (err && err.code) || (err && err.name) || "Error",
    apiVersion,
    path: url || null,
    message: String((err && err.message) || err).split("\n")[0].slice(0, 300),
  };
  errors.push(e);
  if (VERBOSE)
    process.stderr.write(`peer: ${what}: ${e.status} ${e.code} api-version=${e.apiVersion} ` +
                         `${e.path}: ${e.message}\n`);
}

// Run one read; a failure is counted and the read yields `fallback`.
async function attempt(what, fn, fallback) {
  try {
    return await fn();
  } catch (err) {
    recordError(what, err);
    return fallback;
  }
}

// ---- resource ids ----

// "/subscriptions/{guid}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}"
// with the expected namespace/type (any case); else null.  Nested (child)
// resources are not what automations point at, so they are refused too.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function parseResourceId(id, expectedType) {
  if (typeof id !== "string" || !id.startsWith("/") || /[\s?#\\]/.test(id)) return null;
  const seg = id.slice(1).replace(/\/+$/, "").split("/");
  if (seg.length !== 8 || seg.some((s) => s === "" || s === "." || s === "..")) return null;
  if (seg[0].toLowerCase() !== "subscriptions" || !GUID.test(seg[1]) ||
      seg[2].toLowerCase() !== "resourcegroups" || seg[4].toLowerCase() !== "providers")
    return null;
  if (`${seg[5]}/${seg[6]}`.toLowerCase() !== expectedType.toLowerCase()) return null;
  return { subscriptionId: seg[1], resourceGroupName: seg[3], name: seg[7] };
}

// ---- the reads ----

const stats = { contacts: 0, pricings: 0, alerts: 0, automations: 0,
                logicApps: 0, workspaces: 0, invalidTargetIds: 0 };
const targets = new Map(); // lower-case resource id -> promise of its GET

function getTarget(kind, id) {
  const key = id.toLowerCase();
  if (targets.has(key)) return targets.get(key);
  let p;
  if (kind === "logicApp") {
    const r = parseResourceId(id, "Microsoft.Logic/workflows");
    p = r ? attempt("workflows.get", () => limiter.run(() =>
      logicClient(r.subscriptionId).workflows.get(r.resourceGroupName, r.name)))
      .then((wf) => { if (wf) stats.logicApps++; }) : null;
  } else {
    const r = parseResourceId(id, "Microsoft.OperationalInsights/workspaces");
    p = r ? attempt("workspaces.get", () => limiter.run(() =>
      workspaceClient(r.subscriptionId).workspaces.get(r.resourceGroupName, r.name)))
      .then((ws) => { if (ws) stats.workspaces++; }) : null;
  }
  if (!p) {
    stats.invalidTargetIds++; // irscan does not send these either
    p = Promise.resolve();
  }
  targets.set(key, p);
  return p;
}

function eq(a, b) {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

// Logic Apps and workspaces of one page of automations.
function automationTargets(page) {
  const started = [];
  for (const a of page) {
    if (a.isEnabled !== true) continue;
    if (!(a.sources || []).some((s) => eq(s.eventSource, "Alerts"))) continue;
    for (const act of a.actions || []) {
      if (eq(act.actionType, "LogicApp") && act.logicAppResourceId)
        started.push(getTarget("logicApp", act.logicAppResourceId));
      else if (eq(act.actionType, "Workspace") && act.workspaceResourceId)
        started.push(getTarget("workspace", act.workspaceResourceId));
    }
  }
  return started;
}

async function scanSubscription(subscriptionId) {
  const sc = securityClient(subscriptionId);
  const count = (key) => async (paged) => {
    for await (const page of limitedPages(paged)) stats[key] += page.length;
  };
  await Promise.all([
    attempt("securityContacts.list", () => count("contacts")(sc.securityContacts.list())),
    attempt("pricings.list", async () => {
      const list = await limiter.run(() => sc.pricings.list());
      stats.pricings += (list.value || []).length;
    }),
    attempt("alerts.list", () => count("alerts")(sc.alerts.list())),
    attempt("automations.list", async () => {
      const gets = [];
      for await (const page of limitedPages(sc.automations.list())) {
        stats.automations += page.length;
        gets.push(...automationTargets(page)); // start them now, pages go on
      }
      await Promise.all(gets);
    }),
  ]);
}

async function main() {
  const subscriptions = new SubscriptionClient(credential, modularOptions);
  const scans = [];
  let enabled = 0;
  await attempt("subscriptions.list", async () => {
    // Each Enabled subscription starts as soon as its page arrives.
    for await (const page of limitedPages(subscriptions.subscriptions.list())) {
      for (const s of page) {
        if (!eq(s.state, "Enabled") || !s.subscriptionId) continue;
        if (SUBSCRIPTION_LIMIT !== undefined && enabled >= SUBSCRIPTION_LIMIT) continue;
        enabled++;
        scans.push(scanSubscription(s.subscriptionId));
      }
    }
  });
  await Promise.all(scans);
  await Promise.all([...targets.values()]);

  const wall = Math.round(performance.now());
  process.stdout.write(JSON.stringify({
    peer: "node-azure-sdk",
    subscriptions: enabled,
    requests: requests.total,
    errors: errors.length,
    wall_ms: wall,
  }) + "\n");

  // Breakdown on stderr: what was read, and the errors grouped.
  const groups = new Map();
  for (const e of errors) {
    const k = `${e.what} ${e.status} ${e.code} api-version=${e.apiVersion}`;
    groups.set(k, (groups.get(k) || 0) + 1);
  }
  process.stderr.write(`peer: time: ${Math.round(loadedMs)} ms to start Node and load the SDK, ` +
    `${wall - Math.round(loadedMs)} ms for the reads\n`);
  process.stderr.write(`peer: requests: ${requests.arm} ARM, ${requests.entra} Entra ID; ` +
    `read ${JSON.stringify(stats)}\n`);
  for (const [k, n] of [...groups].sort())
    process.stderr.write(`peer: errors: ${n} x ${k}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    // Not expected: every read is already guarded.  Still one JSON line.
    recordError("main", err);
    process.stdout.write(JSON.stringify({
      peer: "node-azure-sdk", subscriptions: 0, requests: requests.total,
      errors: errors.length, wall_ms: Math.round(performance.now()),
    }) + "\n");
    process.stderr.write(`peer: unexpected failure: ${err && err.stack}\n`);
    process.exit(0);
  });
