#!/usr/bin/env node
// Load on `context-sync serve --http` from 127.0.0.1: CLIENTS concurrent MCP clients (one keep-alive
// connection and one 2025 session each) making CALLS tool calls each, as a real client sends them
// (Accept: JSON and SSE). Prints throughput, latency percentiles, failed requests and the server's RSS
// at start, middle and end; then the same number of calls over stdio (one process, the same
// concurrency pipelined) as the reference, and the ratio. Bounded: every request has a timeout, the
// whole run a deadline.
//
//   node tests/bench/http_load.mjs --bin build/server/context-sync [--clients 50] [--calls 200] [--json]
//
// Run it with the Node 22 that tests/e2e/install.sh installs (tests/e2e/node_modules/node/bin/node).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { makeWorld } from '../e2e/lib/fixture.mjs';
import { startHttpServer } from '../e2e/lib/http_server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const bin = option('bin', process.env.CONTEXT_SYNC_BIN);
const clients = Number(option('clients', 50));
const calls = Number(option('calls', 200));
const asJson = args.includes('--json');
const REQUEST_TIMEOUT_MS = 30_000;
const RUN_DEADLINE_MS = Number(option('deadline-ms', 600_000));
if (!bin) {
  console.error('usage: http_load.mjs --bin PATH/TO/context-sync [--clients N] [--calls N] [--json]');
  process.exit(2);
}
process.env.CONTEXT_SYNC_BIN = path.resolve(bin);

const rssKb = (pid) => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};

function postOnce(agent, port, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/mcp', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

// The final JSON-RPC message of a JSON or SSE response.
function finalMessage(response) {
  if (/text\/event-stream/.test(response.headers['content-type'] ?? '')) {
    const data = response.text.split('\n').filter((l) => l.startsWith('data: '));
    return data.length ? JSON.parse(data.at(-1).slice(6)) : null;
  }
  return response.text ? JSON.parse(response.text) : null;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function runHttp(world) {
  const server = await startHttpServer(world);
  const pid = server.child.pid;
  const latencies = [];
  const failures = [];
  let done = 0;
  const total = clients * calls;
  const rss = { start: 0, middle: 0, end: 0 };

  const client = async (c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    try {
      const init = await postOnce(agent, server.port, base, JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: `load-${c}`, version: '1' } } }));
      const session = init.headers['mcp-session-id'];
      if (init.status !== 200 || !session) throw new Error(`initialize: HTTP ${init.status}`);
      const headers = { ...base, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
      for (let i = 1; i <= calls; i++) {
        const body = JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'list_recent_sessions', arguments: { limit: 5 } } });
        const t0 = process.hrtime.bigint();
        try {
          const r = await postOnce(agent, server.port, headers, body);
          const message = finalMessage(r);
          if (r.status !== 200 || message?.id !== i || !message.result || message.result.isError) {
            failures.push(`client ${c} call ${i}: HTTP ${r.status} ${r.text.slice(0, 120)}`);
          }
        } catch (e) {
          failures.push(`client ${c} call ${i}: ${e.message}`);
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (++done === Math.floor(total / 2)) rss.middle = rssKb(pid);
      }
      await new Promise((resolve) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path: '/mcp', method: 'DELETE', agent, headers: { 'mcp-session-id': session } }, (res) => res.resume().on('end', resolve));
        req.on('error', resolve);
        req.end();
      });
    } catch (e) {
      failures.push(`client ${c}: ${e.message}`);
    } finally {
      agent.destroy();
    }
  };

  // Warm-up (caches, first listing), then the start sample.
  await client(-1);
  rss.start = rssKb(pid);
  const t0 = Date.now();
  let deadline;
  await Promise.race([
    Promise.all(Array.from({ length: clients }, (_, c) => client(c))),
    new Promise((_, reject) => {
      deadline = setTimeout(() => reject(new Error('run deadline passed')), RUN_DEADLINE_MS);
    }),
  ]).finally(() => clearTimeout(deadline));
  const seconds = (Date.now() - t0) / 1000;
  rss.end = rssKb(pid);
  const exit = await server.stop();
  latencies.sort((a, b) => a - b);
  const measured = latencies.slice(calls); // without the warm-up client
  measured.sort((a, b) => a - b);
  return {
    requests: total,
    failed: failures.length,
    failures: failures.slice(0, 5),
    seconds,
    throughput: total / seconds,
    p50_ms: percentile(measured, 50),
    p99_ms: percentile(measured, 99),
    max_ms: measured.at(-1),
    rss_kb: rss,
    exit_code: exit.code,
  };
}

// The reference: the same calls through the stdio transport, `clients` requests in flight at a time.
async function runStdio(world) {
  const child = spawn(process.env.CONTEXT_SYNC_BIN, [], { env: world.env, stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map();
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  const request = (id, method, params) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('stdio request timed out')), REQUEST_TIMEOUT_MS);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  await request(0, 'initialize', { protocolVersion: '2025-11-25', capabilities: {} });
  let next = 1;
  let failed = 0;
  const total = clients * calls;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next <= total) {
        const id = next++;
        const m = await request(id, 'tools/call', { name: 'list_recent_sessions', arguments: { limit: 5 } });
        if (!m.result || m.result.isError) failed++;
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  child.stdin.end();
  await new Promise((r) => child.on('exit', r));
  return { requests: total, failed, seconds, throughput: total / seconds };
}

const world = makeWorld();
try {
  const httpResult = await runHttp(world);
  const stdioResult = await runStdio(world);
  const result = { clients, calls, http: httpResult, stdio: stdioResult, http_vs_stdio: httpResult.throughput / stdioResult.throughput };
  if (asJson) {
    console.log(JSON.stringify(result));
  } else {
    const h = httpResult;
    console.log(`HTTP load: ${clients} clients x ${calls} tools/call (list_recent_sessions) on 127.0.0.1`);
    console.log(`  requests ${h.requests}, failed ${h.failed}, ${h.seconds.toFixed(2)} s, ${h.throughput.toFixed(0)} req/s`);
    console.log(`  latency p50 ${h.p50_ms.toFixed(2)} ms, p99 ${h.p99_ms.toFixed(2)} ms, max ${h.max_ms.toFixed(2)} ms`);
    console.log(`  server RSS start ${(h.rss_kb.start / 1024).toFixed(1)} MiB, middle ${(h.rss_kb.middle / 1024).toFixed(1)} MiB, end ${(h.rss_kb.end / 1024).toFixed(1)} MiB`);
    for (const f of h.failures) console.log(`  failure: ${f}`);
    console.log(`stdio reference: ${stdioResult.requests} calls, ${clients} in flight, failed ${stdioResult.failed}, ${stdioResult.throughput.toFixed(0)} req/s`);
    console.log(`HTTP / stdio throughput: ${result.http_vs_stdio.toFixed(2)}`);
  }
} finally {
  world.cleanup();
}
