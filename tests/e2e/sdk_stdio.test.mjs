// The official TypeScript SDK's client talks to context-sync over stdio, the way most MCP hosts do:
// handshake, tool discovery, both tools on the bundled demo data, paging, errors, progress, cancel.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { demoSessions, makeWorld, runBinary, serverBinary, writeChattySession, writeLargeSession } from './lib/fixture.mjs';

const CALL_TIMEOUT_MS = 20_000;
const MAX_PAGES = 500; // bounds every paging loop

let world;
let client;
let transport;
let stderr = '';
let sessions; // expectations read from the demo files, newest first
let tools; // tools/list result, by name
let bigSession; // a generated session large enough to take a while
let chattySession; // a generated session that takes many small pages

before(async () => {
  world = makeWorld();
  chattySession = writeChattySession(world.transcriptDir, 80);
  sessions = demoSessions(world.transcriptDir);
  transport = new StdioClientTransport({
    command: serverBinary(),
    args: [],
    env: world.env,
    cwd: world.home,
    stderr: 'pipe',
  });
  transport.stderr.on('data', (d) => (stderr += d));
  client = new Client({ name: 'context-sync-e2e', version: '1.0.0' });
  await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
  const listed = await client.listTools({}, { timeout: CALL_TIMEOUT_MS });
  tools = Object.fromEntries(listed.tools.map((t) => [t.name, t]));
});

after(async () => {
  await client?.close();
  world?.cleanup();
});

const call = (name, args, options = {}) =>
  client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS, ...options });

// A result's text block must be the structured result as JSON (for clients without structuredContent).
function structured(result) {
  assert.equal(result.content?.[0]?.type, 'text');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
  return result.structuredContent;
}

function errorText(result) {
  assert.equal(result.isError, true, `expected a tool error, got ${JSON.stringify(result).slice(0, 300)}`);
  return result.content.map((c) => c.text ?? '').join('\n');
}

async function extractAll(sessionId, extra = {}) {
  const pages = [];
  let cursor;
  for (let i = 0; i < MAX_PAGES; i++) {
    const args = { session_id: sessionId, ...extra, ...(cursor ? { cursor } : {}) };
    const result = await call('extract_transcript', args);
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const page = structured(result);
    pages.push(page);
    if (page.next_cursor === null) return pages;
    cursor = page.next_cursor;
  }
  assert.fail(`extract_transcript still had pages after ${MAX_PAGES}`);
}

describe('handshake and discovery', () => {
  test('the SDK handshake succeeds and the server names itself', () => {
    const info = client.getServerVersion();
    assert.equal(info.name, 'context-sync');
    assert.match(info.version, /\d+\.\d+/);
    assert.ok(client.getServerCapabilities()?.tools, 'tools capability declared');
  });

  test('every tool is fully described', () => {
    assert.ok(tools.list_recent_sessions && tools.extract_transcript, `tools: ${Object.keys(tools)}`);
    for (const tool of Object.values(tools)) {
      assert.ok(tool.title, `${tool.name}: title`);
      assert.ok(tool.description, `${tool.name}: description`);
      assert.equal(tool.inputSchema.type, 'object', `${tool.name}: inputSchema.type`);
      assert.equal(tool.inputSchema.additionalProperties, false, `${tool.name}: additionalProperties`);
      assert.equal(tool.outputSchema?.type, 'object', `${tool.name}: outputSchema`);
      assert.equal(typeof tool.annotations?.readOnlyHint, 'boolean', `${tool.name}: readOnlyHint`);
    }
    assert.equal(tools.list_recent_sessions.annotations.readOnlyHint, true);
    assert.equal(tools.extract_transcript.annotations.readOnlyHint, true);
  });
});

describe('list_recent_sessions', () => {
  test('lists every demo session, newest first, with its details', async () => {
    // The SDK also checks structuredContent against the tool's outputSchema here.
    const out = structured(await call('list_recent_sessions', {}));
    assert.equal(out.next_cursor, null);
    assert.deepEqual(
      out.sessions.map((s) => s.session_id),
      sessions.map((s) => s.sessionId),
    );
    for (const [i, got] of out.sessions.entries()) {
      const want = sessions[i];
      const where = `session ${want.sessionId}`;
      assert.equal(path.resolve(got.path), path.resolve(want.file), where);
      assert.equal(got.size_bytes, want.size, where);
      assert.ok(Math.abs(Date.parse(got.modified_at) - want.mtimeMs) < 1000, `${where}: modified_at ${got.modified_at}`);
      assert.ok(got.started_at === null || Date.parse(got.started_at) <= Date.parse(got.modified_at), where);
      assert.ok(got.started_at === null || Date.parse(got.started_at) <= want.firstMessageAt.getTime(), where);
      assert.equal(got.first_prompt, want.prompts[0].slice(0, 200), where);
      if (want.titles.length === 0) assert.equal(got.title, null, where);
      else assert.ok(want.titles.includes(got.title), `${where}: title ${got.title} not among ${want.titles}`);
      assert.equal(got.cwd, want.cwd, where);
      assert.equal(got.git_branch, want.gitBranch, where);
      assert.equal(got.version, want.version, where);
      assert.ok(got.messages >= want.prompts.length, `${where}: messages ${got.messages}`);
      assert.equal(got.subagents > 0, want.hasSubagents, `${where}: subagents ${got.subagents}`);
      assert.equal(got.active, false, where);
    }
  });

  test('pages with limit and cursor', async () => {
    const seen = [];
    let cursor;
    for (let i = 0; i < MAX_PAGES; i++) {
      const out = structured(await call('list_recent_sessions', { limit: 2, ...(cursor ? { cursor } : {}) }));
      assert.ok(out.sessions.length <= 2);
      seen.push(...out.sessions.map((s) => s.session_id));
      if (out.next_cursor === null) break;
      cursor = out.next_cursor;
    }
    assert.deepEqual(seen, sessions.map((s) => s.sessionId));
  });
});

describe('extract_transcript', () => {
  test('small pages of each session join into the CLI extraction, each prompt once', async () => {
    for (const want of sessions) {
      const pages = await extractAll(want.sessionId, { max_tokens: 1000 });
      if (want.sessionId === chattySession) assert.ok(pages.length > 3, `only ${pages.length} pages`);
      const joined = pages.map((p) => p.text).join('');
      for (const p of pages) {
        assert.equal(p.session_id, want.sessionId);
        // about 4 characters a token: one page stays under its budget
        assert.ok(p.text.length <= 1000 * 4, `page of ${p.text.length} chars`);
      }
      const cli = runBinary(['extract', want.sessionId, '--max-tokens', '1000'], world.env);
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(joined, cli.stdout, `${want.sessionId}: pages differ from \`context-sync extract\``);
      for (const prompt of want.prompts) {
        assert.equal(joined.split(prompt).length - 1, 1, `${want.sessionId}: prompt not exactly once: ${prompt}`);
      }
    }
  });

  test('a default-size page holds a whole demo session', async () => {
    const pages = await extractAll(sessions[0].sessionId);
    assert.equal(pages.length, 1);
    assert.ok(pages[0].stats.user_prompts >= sessions[0].prompts.length);
  });

  test('invalid arguments are tool errors naming the field', async () => {
    const id = sessions[0].sessionId;
    assert.match(errorText(await call('extract_transcript', { session_id: id, max_tokens: 5 })), /max_tokens/);
    assert.match(errorText(await call('extract_transcript', { session_id: id, bogus_field: 1 })), /bogus_field/);
    assert.match(errorText(await call('extract_transcript', {})), /session_id/);
    assert.match(errorText(await call('list_recent_sessions', { limit: 'ten' })), /limit/);
  });

  test('an unknown session id is a clear tool error', async () => {
    const id = crypto.randomUUID();
    const text = errorText(await call('extract_transcript', { session_id: id }));
    assert.match(text, /not found|unknown|no session/i);
    assert.ok(text.includes(id), `the message does not name the id: ${text}`);
  });

  test('a session id that escapes the transcript folder is refused', async () => {
    // Another project's transcript next door: reachable by a relative path, but not this project's.
    const other = path.join(path.dirname(world.transcriptDir), '-home-dev-other');
    fs.mkdirSync(other, { recursive: true });
    fs.copyFileSync(sessions[0].file, path.join(other, 'f00df00d-0000-4000-8000-000000000000.jsonl'));
    const tricks = ['../../etc/passwd', '/etc/passwd', '..', '../-home-dev-other/f00df00d-0000-4000-8000-000000000000'];
    for (const id of tricks) {
      const text = errorText(await call('extract_transcript', { session_id: id }));
      assert.ok(!text.includes('root:x:0') && !text.includes(sessions[0].prompts[0]), `${id}: file content leaked`);
    }
  });
});

describe('long calls', () => {
  before(() => {
    bigSession = writeLargeSession(world.transcriptDir, 256);
  });

  test('progress notifications arrive for a call with a progress token', async () => {
    const seen = [];
    const out = structured(
      await call('extract_transcript', { session_id: bigSession, max_tokens: 20000 }, {
        onprogress: (p) => seen.push(p),
        timeout: 60_000,
      }),
    );
    assert.match(out.text, /first prompt/);
    assert.ok(seen.length > 0, 'no notifications/progress received');
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress, 'progress must increase');
    for (const p of seen) assert.ok(p.total === undefined || p.progress <= p.total);
  });

  test('a cancelled call does not stop the server', async () => {
    const abort = new AbortController();
    const pending = call('extract_transcript', { session_id: bigSession, max_tokens: 20000 }, {
      signal: abort.signal,
      timeout: 60_000,
    });
    setTimeout(() => abort.abort('test cancels'), 30);
    await assert.rejects(pending);
    const out = structured(await call('list_recent_sessions', { limit: 1 }));
    assert.equal(out.sessions.length, 1);
  });
});

// scan_secrets comes from another part of the project; skip while the server does not offer it.
describe('scan_secrets', () => {
  // A GitHub token shaped like a real one: 30 random base62 characters and their CRC32 in base62.
  function fakeGithubToken() {
    const abc = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const body = Array.from(crypto.randomBytes(30), (b) => abc[b % 62]).join('');
    let crc = zlib.crc32(body);
    let sum = '';
    for (let i = 0; i < 6; i++, crc = Math.floor(crc / 62)) sum = abc[crc % 62] + sum;
    return `ghp_${body}${sum}`;
  }

  test('finds a planted token without echoing it', async (t) => {
    const tool = tools.scan_secrets;
    if (!tool) return t.skip('the server has no scan_secrets tool yet');
    // the one required string argument holds the text, whatever it is called
    const field = (tool.inputSchema.required ?? []).find((k) => tool.inputSchema.properties[k]?.type === 'string');
    assert.ok(field, 'scan_secrets has a required text argument');
    const token = fakeGithubToken();
    // no "github" in the text itself: the word must come from the scanner's finding
    const dirty = await call('scan_secrets', { [field]: `deploy with TOKEN=${token} please` });
    const clean = await call('scan_secrets', { [field]: 'nothing to see here' });
    assert.ok(!dirty.isError && !clean.isError);
    const dirtyJson = JSON.stringify(structured(dirty));
    assert.ok(!dirtyJson.includes(token.slice(4)), 'the secret value is echoed back');
    assert.notDeepEqual(structured(clean), structured(dirty));
    assert.match(dirtyJson, /github/i);
  });
});

test('the server logged to stderr, and nothing broke the connection', async () => {
  await client.ping({ timeout: CALL_TIMEOUT_MS });
  assert.ok(stderr.length > 0, 'no log lines on stderr');
});
