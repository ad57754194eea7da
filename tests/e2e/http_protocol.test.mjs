// The Streamable HTTP endpoint spoken to with plain fetch: both eras' rules, the status codes of the
// specification, and the security defaults (origin, host, bearer token, body limit, graceful stop).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeWorld, runBinary, writeLargeSession } from './lib/fixture.mjs';
import { modernHeaders, startHttpServer } from './lib/http_server.mjs';
import { modernMeta } from './lib/raw_server.mjs';

let world;
let server;

before(async () => {
  world = makeWorld();
  server = await startHttpServer(world);
});

after(async () => {
  const exit = await server?.stop();
  world?.cleanup();
  assert.equal(exit?.code, 0);
  assert.equal(server.stdout, '');
});

const legacyHeaders = (extra = {}) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...extra,
});

async function post(body, headers, url = server.url) {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // SSE or empty: left to the caller
  }
  return { status: response.status, headers: response.headers, text, json };
}

async function initialize(version = '2025-11-25') {
  const r = await post(
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 't', version: '1' } } },
    legacyHeaders(),
  );
  assert.equal(r.status, 200, r.text);
  const id = r.headers.get('mcp-session-id');
  assert.match(id ?? '', /^[0-9a-f]{32}$/);
  return id;
}

// The body of an SSE response: its `data:` messages, parsed.
function sseMessages(text) {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)));
}

function modernRequest(id, method, params = {}) {
  return { jsonrpc: '2.0', id, method, params: { ...params, _meta: modernMeta() } };
}

describe('2025 sessions', () => {
  test('initialize issues a session; requests need it; DELETE ends it', async () => {
    const id = await initialize();
    const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, legacyHeaders({ 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' }));
    assert.equal(list.status, 200);
    assert.match(list.headers.get('content-type'), /application\/json/);
    assert.ok(list.json.result.tools.length >= 3);

    const none = await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, legacyHeaders());
    assert.equal(none.status, 400);
    const unknown = await post({ jsonrpc: '2.0', id: 4, method: 'tools/list' }, legacyHeaders({ 'mcp-session-id': 'f'.repeat(32) }));
    assert.equal(unknown.status, 404);

    const note = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, legacyHeaders({ 'mcp-session-id': id }));
    assert.equal(note.status, 202);
    assert.equal(note.text, '');

    const del = await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': id } });
    assert.equal(del.status, 200);
    const after = await post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, legacyHeaders({ 'mcp-session-id': id }));
    assert.equal(after.status, 404);
    const again = await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': id } });
    assert.equal(again.status, 404);
  });

  test('a tool call streams SSE when accepted, JSON when only JSON is accepted', async () => {
    const id = await initialize();
    const body = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'list_recent_sessions', arguments: { limit: 1 }, _meta: { progressToken: 'p1' } } };
    const sse = await post(body, legacyHeaders({ 'mcp-session-id': id }));
    assert.equal(sse.status, 200);
    assert.match(sse.headers.get('content-type'), /text\/event-stream/);
    const messages = sseMessages(sse.text);
    assert.equal(messages.at(-1).id, 7);
    assert.ok(messages.at(-1).result.structuredContent.sessions.length === 1);

    const json = await post({ ...body, id: 8 }, legacyHeaders({ 'mcp-session-id': id, accept: 'application/json' }));
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-type'), /application\/json/);
    assert.equal(json.json.id, 8);
  });

  test('GET and other methods get 405; other paths 404', async () => {
    const get = await fetch(server.url, { headers: { accept: 'text/event-stream' } });
    assert.equal(get.status, 405);
    assert.match(get.headers.get('allow'), /POST/);
    const put = await fetch(server.url, { method: 'PUT', body: '{}' });
    assert.equal(put.status, 405);
    const other = await fetch(server.url.replace('/mcp', '/other'), { method: 'POST', body: '{}' });
    assert.equal(other.status, 404);
  });

  test('a malformed or unsupported MCP-Protocol-Version gets 400', async () => {
    const id = await initialize();
    for (const version of ['garbage', '2024-11-05', '2099-01-01']) {
      const r = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, legacyHeaders({ 'mcp-session-id': id, 'mcp-protocol-version': version }));
      assert.equal(r.status, 400, version);
      assert.ok(r.json.error, version);
    }
  });

  test('invalid JSON and invalid UTF-8 get 400 with a parse error', async () => {
    const id = await initialize();
    const broken = await post('{"jsonrpc":"2.0",', legacyHeaders({ 'mcp-session-id': id }));
    assert.equal(broken.status, 400);
    assert.equal(broken.json.error.code, -32700);
    const latin1 = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scan_secrets","arguments":{"text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}}')]);
    const bad = await post(latin1, legacyHeaders({ 'mcp-session-id': id }));
    assert.equal(bad.status, 400);
    assert.ok(bad.json.error);
  });
});

describe('2026-07-28 stateless requests', () => {
  test('server/discover and tools/list work without a session', async () => {
    const discover = modernRequest(1, 'server/discover');
    const d = await post(discover, modernHeaders(discover));
    assert.equal(d.status, 200, d.text);
    assert.ok(d.json.result.supportedVersions.includes('2026-07-28'));
    assert.equal(d.headers.get('mcp-session-id'), null);

    const list = modernRequest(2, 'tools/list');
    const l = await post(list, modernHeaders(list));
    assert.equal(l.status, 200);
    assert.equal(l.json.result.resultType, 'complete');
  });

  test('tools/call needs Mcp-Name matching params.name', async () => {
    const body = modernRequest(3, 'tools/call', { name: 'list_recent_sessions', arguments: { limit: 1 } });
    const ok = await post(body, modernHeaders(body));
    assert.equal(ok.status, 200, ok.text);
    const final = ok.json ?? sseMessages(ok.text).at(-1);
    assert.equal(final.result.resultType, 'complete');

    const encoded = await post(body, { ...modernHeaders(body), 'mcp-name': `=?base64?${Buffer.from('list_recent_sessions').toString('base64')}?=` });
    assert.equal(encoded.status, 200);

    const missing = { ...modernHeaders(body) };
    delete missing['mcp-name'];
    const m = await post(body, missing);
    assert.equal(m.status, 400);
    assert.equal(m.json.error.code, -32020);

    const wrong = await post(body, { ...modernHeaders(body), 'mcp-name': 'scan_secrets' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.code, -32020);

    const method = await post(body, { ...modernHeaders(body), 'mcp-method': 'tools/list' });
    assert.equal(method.status, 400);
    assert.equal(method.json.error.code, -32020);

    const version = await post(body, { ...modernHeaders(body), 'mcp-protocol-version': '2025-11-25' });
    assert.equal(version.status, 400);
    assert.equal(version.json.error.code, -32020);
  });

  test('an unknown method is 404 with -32601; an unsupported version 400 with -32022', async () => {
    const body = modernRequest(4, 'no/such/method');
    const r = await post(body, modernHeaders(body));
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, -32601);

    const future = { jsonrpc: '2.0', id: 5, method: 'tools/list', params: { _meta: modernMeta('2099-01-01') } };
    const f = await post(future, modernHeaders(future));
    assert.equal(f.status, 400);
    assert.equal(f.json.error.code, -32022);
  });

  test('closing the SSE stream of a running call cancels it', async () => {
    const big = writeLargeSession(world.transcriptDir, 128);
    const body = modernRequest(6, 'tools/call', { name: 'extract_transcript', arguments: { session_id: big, max_tokens: 20000 } });
    const abort = new AbortController();
    const response = await fetch(server.url, { method: 'POST', headers: modernHeaders(body), body: JSON.stringify(body), signal: abort.signal });
    assert.match(response.headers.get('content-type'), /text\/event-stream/);
    abort.abort();
    const deadline = Date.now() + 10_000;
    while (!/closed the stream of a running call/.test(server.stderr) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(server.stderr, /closed the stream of a running call/);
    const list = modernRequest(7, 'tools/list');
    assert.equal((await post(list, modernHeaders(list))).status, 200);
  });
});

describe('security defaults', () => {
  test('a foreign Origin or Host gets 403, a localhost one passes', async () => {
    const body = modernRequest(1, 'tools/list');
    const evil = await post(body, { ...modernHeaders(body), origin: 'http://evil.example' });
    assert.equal(evil.status, 403);
    assert.equal(evil.json.error.message.includes('/'), false, 'no paths in error bodies');
    const rebinding = await post(body, { ...modernHeaders(body), origin: 'http://localhost.evil.example:8080' });
    assert.equal(rebinding.status, 403);
    const local = await post(body, { ...modernHeaders(body), origin: `http://localhost:${server.port}` });
    assert.equal(local.status, 200);
  });

  test('a body over the limit gets 413 and the server keeps serving', async () => {
    const big = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":"${'a'.repeat(5 << 20)}"}}`;
    const r = await post(big, legacyHeaders());
    assert.equal(r.status, 413);
    const body = modernRequest(2, 'tools/list');
    assert.equal((await post(body, modernHeaders(body))).status, 200);
  });

  test('a non-loopback address is refused without --token-file', async () => {
    const r = runBinary(['serve', '--http', '0.0.0.0:0'], world.env);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /token-file/);
  });

  test('a token file that is not a small regular file with a long enough token is refused', () => {
    const dir = path.join(world.root, 'token-dir');
    fs.mkdirSync(dir);
    const short = path.join(world.root, 'short-token');
    fs.writeFileSync(short, 'abc\n', { mode: 0o600 });
    const huge = path.join(world.root, 'huge-token');
    fs.writeFileSync(huge, 'x'.repeat(1 << 20), { mode: 0o600 });
    for (const file of [dir, short, huge, path.join(world.root, 'missing-token'), '/dev/zero']) {
      const r = runBinary(['serve', '--http', '127.0.0.1:0', '--token-file', file], world.env);
      assert.equal(r.status, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, /token-file/);
    }
  });

  test('with --token-file every request needs the bearer token', async (t) => {
    const tokenFile = path.join(world.root, 'token');
    const token = 'e2e-token-' + 'x'.repeat(24);
    fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
    const guarded = await startHttpServer(world, ['--token-file', tokenFile]);
    t.after(() => guarded.stop());
    const body = modernRequest(1, 'tools/list');
    const none = await post(body, modernHeaders(body), guarded.url);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate'), /^Bearer/);
    const wrong = await post(body, { ...modernHeaders(body), authorization: `Bearer ${token}y` }, guarded.url);
    assert.equal(wrong.status, 401);
    const right = await post(body, { ...modernHeaders(body), authorization: `Bearer ${token}` }, guarded.url);
    assert.equal(right.status, 200);
    assert.ok(!guarded.stderr.includes(token), 'the token never reaches the log');
  });

  test('SIGTERM lets a running call finish and starts no new one, then the server exits 0', async () => {
    const own = await startHttpServer(world);
    const big = writeLargeSession(world.transcriptDir, 64);
    const body = modernRequest(1, 'tools/call', { name: 'extract_transcript', arguments: { session_id: big, max_tokens: 20000 } });
    const pending = post(body, modernHeaders(body), own.url);
    await new Promise((r) => setTimeout(r, 150));
    const stopped = own.stop('SIGTERM', 60_000);
    await new Promise((r) => setTimeout(r, 50));
    // While it drains (or once it has gone), a new request does not start: 503, or no connection.
    const late = modernRequest(2, 'ping', {});
    const lateStatus = await post(late, modernHeaders(late), own.url).then((res) => res.status, () => 'no connection');
    assert.ok(lateStatus === 503 || lateStatus === 'no connection', `a request during the drain got ${lateStatus}`);
    const r = await pending;
    assert.equal(r.status, 200);
    const final = r.json ?? sseMessages(r.text).at(-1);
    assert.ok(final.result, `the call must complete: ${r.text.slice(0, 300)}`);
    assert.notEqual(final.result.isError, true);
    const exit = await stopped;
    assert.equal(exit.code, 0);
    await assert.rejects(fetch(own.url, { method: 'POST', headers: modernHeaders(body), body: JSON.stringify(body) }));
  });
});
