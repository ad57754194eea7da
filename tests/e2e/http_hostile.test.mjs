// Malformed and abusive HTTP from raw sockets (node's net): each gets the right status or a prompt
// close, and the server keeps serving everyone else meanwhile.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { makeWorld, writeLargeSession } from './lib/fixture.mjs';
import { rawExchange, startHttpServer } from './lib/http_server.mjs';

let world;
let server;

before(async () => {
  world = makeWorld();
  server = await startHttpServer(world);
});

after(async () => {
  const exit = await server?.stop();
  world?.cleanup();
  assert.equal(exit?.code, 0, `server exit ${JSON.stringify(exit)}\n${server?.stderr}`);
  assert.equal(server.stdout, '', 'nothing on stdout');
});

const discover = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } },
});

function request(body, extraHeaders = '') {
  return (
    `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n` +
    `MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: server/discover\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

// A well-formed request still gets its answer.
async function assertServing() {
  const r = await rawExchange(server.port, request(discover), { timeoutMs: 10_000 });
  assert.equal(r.status, 200, `server no longer serving: ${r.text.slice(0, 200)}`);
  assert.match(r.text, /supportedVersions/);
}

test('a bad request line gets 400', async () => {
  const r = await rawExchange(server.port, 'GARBAGE\r\n\r\n');
  assert.equal(r.status, 400);
  const r2 = await rawExchange(server.port, 'POST /mcp HTTP/9.9 extra\r\nHost: x\r\n\r\n');
  assert.equal(r2.status, 400);
  await assertServing();
});

test('a body shorter than its Content-Length is dropped without blocking others', async () => {
  const body = discover.slice(0, 20);
  const head = request(discover).split('\r\n\r\n')[0];
  const pending = rawExchange(server.port, `${head}\r\n\r\n${body}`, { timeoutMs: 30_000 });
  await assertServing();
  const r = await pending;
  // The request never completes: the server answers 400 or closes once its read deadline passes.
  assert.ok(r.closed || r.status === 400, `expected a close or 400, got ${r.status}`);
  assert.ok(r.status === null || r.status === 400, `status ${r.status}`);
  assert.ok(r.ms < 25_000, `took ${r.ms} ms`);
  await assertServing();
});

test('a slowloris client is cut off by the request deadline while others are served', async () => {
  // One header byte every 500 ms, forever (bounded here to 60 parts = 30 s).
  const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(58)}`;
  const parts = [...head].slice(0, 60);
  const slow = Array.from({ length: 5 }, () => rawExchange(server.port, parts, { gapMs: 500, timeoutMs: 40_000 }));
  await new Promise((r) => setTimeout(r, 1000));
  const started = Date.now();
  await assertServing();
  assert.ok(Date.now() - started < 2000, 'slow clients must not delay others');
  for (const r of await Promise.all(slow)) {
    assert.ok(r.closed, 'the server closes the slow connection');
    assert.ok(r.ms < 20_000, `slow client held its connection for ${r.ms} ms`);
  }
  await assertServing();
});

test('10,000 headers get 431', async () => {
  const headers = Array.from({ length: 10_000 }, (_, i) => `X-Header-${i}: v\r\n`).join('');
  const r = await rawExchange(server.port, request(discover, headers));
  assert.equal(r.status, 431);
  await assertServing();
});

test('a header section over 1 MiB is cut off', async () => {
  const headers = Array.from({ length: 300 }, (_, i) => `X-Big-${i}: ${'b'.repeat(4000)}\r\n`).join('');
  const r = await rawExchange(server.port, request(discover, headers));
  assert.ok(r.closed);
  assert.ok(r.status === null || r.status >= 400, `status ${r.status}`);
  await assertServing();
});

test('non-UTF-8 JSON gets 400 with a JSON-RPC parse error', async () => {
  const body = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"server/disc'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('over"}')]);
  const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const r = await rawExchange(server.port, Buffer.concat([Buffer.from(head), body]));
  assert.equal(r.status, 400);
  const json = JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4));
  assert.equal(json.error.code, -32700);
  assert.equal(json.id, null);
  await assertServing();
});

test('a Content-Length over the body limit gets 413 without the body being read', async () => {
  const r = await rawExchange(server.port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{`);
  assert.equal(r.status, 413);
  await assertServing();
});

test('deeply nested JSON is refused and the server keeps serving', async () => {
  const body = '['.repeat(100_000) + ']'.repeat(100_000);
  const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const r = await rawExchange(server.port, head + body);
  assert.ok(r.status === 400 || r.status === 200, `status ${r.status}`);
  assert.match(r.text, /"error"/);
  await assertServing();
});

test('past 128 open connections one more gets 503 with Retry-After, and service resumes', async () => {
  const net = await import('node:net');
  const idle = [];
  try {
    for (let i = 0; i < 128; i++) {
      const s = net.connect(server.port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((resolve) => s.once('connect', resolve));
      idle.push(s);
    }
    await new Promise((r) => setTimeout(r, 200));
    const r = await rawExchange(server.port, request(discover), { timeoutMs: 5_000 });
    assert.equal(r.status, 503, r.text.slice(0, 200));
    assert.match(r.text, /Retry-After: \d+/i);
  } finally {
    for (const s of idle) s.destroy();
  }
  await new Promise((r) => setTimeout(r, 300));
  await assertServing();
});

test('past 256 sessions initialize gets 503 with Retry-After; a deleted session frees its place', async () => {
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {} } });
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const ids = [];
  for (let i = 0; i < 256; i++) {
    const r = await fetch(server.url, { method: 'POST', headers, body: init });
    assert.equal(r.status, 200);
    ids.push(r.headers.get('mcp-session-id'));
    await r.arrayBuffer();
  }
  const full = await fetch(server.url, { method: 'POST', headers, body: init });
  assert.equal(full.status, 503);
  assert.ok(full.headers.get('retry-after'));
  await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': ids[0] } });
  const again = await fetch(server.url, { method: 'POST', headers, body: init });
  assert.equal(again.status, 200);
  for (const id of ids.slice(1)) await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': id } });
});

test('past 64 requests in progress one more gets 503 with Retry-After; the others complete', async () => {
  const big = writeLargeSession(world.transcriptDir, 32);
  const call = (id) => {
    const body = {
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: {
        name: 'extract_transcript',
        arguments: { session_id: big, max_tokens: 20000 },
        _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
      },
    };
    return fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'extract_transcript',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), json: await r.json() }));
  };
  const results = await Promise.all(Array.from({ length: 80 }, (_, i) => call(i + 1)));
  const busy = results.filter((r) => r.status === 503);
  const done = results.filter((r) => r.status === 200);
  assert.equal(busy.length + done.length, results.length, `other statuses: ${results.map((r) => r.status)}`);
  // 80 arrive within a few hundred ms while each call takes about as long, so some must meet a full
  // house (how many depends on how many finished meanwhile); none may fail otherwise.
  assert.ok(busy.length >= 1, 'no request was refused beyond the cap of 64');
  assert.ok(done.length >= 64, `only ${done.length} requests were served`);
  for (const r of busy) assert.ok(Number(r.retryAfter) >= 1);
  for (const r of done) assert.ok(r.json.result && r.json.result.isError !== true, JSON.stringify(r.json).slice(0, 200));
  await assertServing();
});
