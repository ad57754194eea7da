// Files a cloned repo or a tampered state dir can plant, through the real binary (the `call` and `scan`
// commands and the stdio server): an allowlist that is a symlink to /dev/zero or /dev/stdin, a FIFO or
// a file of gigabytes; a subagent .meta.json that is a symlink leading out of the projects dir; a
// summary cache replaced by a device or a FIFO. Every run is bounded, so a hang fails the test instead
// of stalling it; each must answer, list the session, show nothing from outside, and keep stdout clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

import { projectSlug, runBinary, serverBinary } from './lib/fixture.mjs';
import { RawServer, initialize } from './lib/raw_server.mjs';

const SESSION = '0e2e0e2e-1111-4000-8000-00000000f11e';
const OUTSIDE = 'OUTSIDE-META-DESCRIPTION';
const RUN_TIMEOUT_MS = 20_000;

let root;
let project;
let env;
const started = [];

function line(n, type, message, extra = {}) {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    cwd: project,
    sessionId: SESSION,
    version: '2.1.42',
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: new Date(Date.parse('2026-01-05T10:00:00Z') + n * 60_000).toISOString(),
    type,
    message,
    ...extra,
  });
}

const user = (n, text, extra) => line(n, 'user', { role: 'user', content: text }, extra);
const assistant = (n, text, extra) =>
  line(n, 'assistant', { id: `msg_${n}`, role: 'assistant', content: [{ type: 'text', text }] }, extra);

function writeTranscript(file, lines) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const old = new Date('2026-01-05T12:00:00Z');
  fs.utimesSync(file, old, old);
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'context-sync-hostile-'));
  project = path.join(root, 'proj');
  fs.mkdirSync(path.join(project, '.claude'), { recursive: true });
  const dir = path.join(root, 'claude', 'projects', projectSlug(project));
  writeTranscript(path.join(dir, `${SESSION}.jsonl`), [
    user(1, 'Find out why the deploy fails'),
    assistant(2, 'The migration step is missing.'),
  ]);
  const subagents = path.join(dir, SESSION, 'subagents');
  for (const [i, agent] of ['agent-a1', 'agent-a2'].entries()) {
    writeTranscript(path.join(subagents, `${agent}.jsonl`), [
      user(10 + 2 * i, `task for ${agent}`, { isSidechain: true }),
      assistant(11 + 2 * i, `answer of ${agent}`, { isSidechain: true }),
    ]);
  }
  // agent-a1's metadata is a symlink out of the projects dir; agent-a2's is an honest file.
  fs.mkdirSync(path.join(root, 'outside'));
  fs.writeFileSync(path.join(root, 'outside', 'meta.json'), JSON.stringify({ agentType: 'Explore', description: OUTSIDE }));
  fs.symlinkSync(path.join(root, 'outside', 'meta.json'), path.join(subagents, 'agent-a1.meta.json'));
  fs.writeFileSync(path.join(subagents, 'agent-a2.meta.json'), JSON.stringify({ agentType: 'Plan', description: 'inside meta' }));
  for (const d of ['state', 'home']) fs.mkdirSync(path.join(root, d));
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: path.join(root, 'home'),
    CLAUDE_CONFIG_DIR: path.join(root, 'claude'),
    CLAUDE_PROJECT_DIR: project,
    XDG_STATE_HOME: path.join(root, 'state'),
  };
});
after(() => root && fs.rmSync(root, { recursive: true, force: true }));

afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.close(10_000);
    assert.deepEqual(server.problems, [], 'stdout lines that are not JSON-RPC messages');
  }
});

const allowlist = () => path.join(project, '.claude', 'context-sync-allow');

function plant(kind) {
  fs.rmSync(allowlist(), { force: true });
  switch (kind) {
    case 'symlink to /dev/zero':
      fs.symlinkSync('/dev/zero', allowlist());
      break;
    case 'symlink to /dev/stdin':
      fs.symlinkSync('/dev/stdin', allowlist());
      break;
    case 'FIFO': {
      const r = spawnSync('mkfifo', [allowlist()]);
      assert.equal(r.status, 0, 'mkfifo');
      break;
    }
    case 'sparse 3 GiB file':
      fs.writeFileSync(allowlist(), '');
      fs.truncateSync(allowlist(), 3 * 1024 ** 3);
      break;
    default:
      throw new Error(kind);
  }
}

function call(tool, args) {
  const r = runBinary(['call', tool, JSON.stringify(args)], env, { timeout: RUN_TIMEOUT_MS });
  assert.equal(r.signal, null, `context-sync call ${tool} was killed (${r.signal}): it hung or ballooned`);
  return r;
}

function checkExtract(text) {
  assert.ok(text.includes('Find out why the deploy fails'), text.slice(0, 300));
  assert.ok(text.includes('inside meta'), 'the honest .meta.json is still shown');
  assert.ok(text.includes('answer of agent-a1'), 'the subagent itself is still shown');
  assert.ok(!text.includes(OUTSIDE), 'a .meta.json outside the projects dir was read');
}

const KINDS = ['symlink to /dev/zero', 'symlink to /dev/stdin', 'FIFO', 'sparse 3 GiB file'];

describe('a hostile .claude/context-sync-allow is ignored with a warning', () => {
  for (const kind of KINDS) {
    test(`${kind}: call and scan`, () => {
      plant(kind);
      const listed = call('list_recent_sessions', {});
      assert.equal(listed.status, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout).sessions.map((s) => s.session_id), [SESSION]);

      const extracted = call('extract_transcript', { session_id: SESSION, include_subagents: true });
      assert.equal(extracted.status, 0, extracted.stderr);
      checkExtract(JSON.parse(extracted.stdout).text);

      const scanned = call('scan_secrets', { text: 'nothing secret here' });
      assert.equal(scanned.status, 0, scanned.stderr);
      assert.match(scanned.stderr, /allowlist ignored/);

      const scan = runBinary(['scan', '-'], env, { timeout: RUN_TIMEOUT_MS, input: 'nothing secret\n' });
      assert.equal(scan.signal, null, 'scan hung');
      assert.equal(scan.status, 0, scan.stderr);
    });

    test(`${kind}: the stdio server answers every request and keeps its input`, async () => {
      plant(kind);
      const server = new RawServer(serverBinary(), env);
      started.push(server);
      await initialize(server);
      const requests = [
        ['list_recent_sessions', {}],
        ['extract_transcript', { session_id: SESSION, include_subagents: true }],
        ['scan_secrets', { text: 'nothing secret here' }],
      ];
      // Sent back to back: a server that read /dev/stdin as the allowlist would swallow the later ones.
      for (const [i, [name, args]] of requests.entries()) {
        await server.send({ jsonrpc: '2.0', id: i + 1, method: 'tools/call', params: { name, arguments: args } });
      }
      await server.send({ jsonrpc: '2.0', id: 'ping', method: 'ping' });
      const replies = [];
      for (let i = 1; i <= requests.length; i++) replies.push(await server.response(i, RUN_TIMEOUT_MS));
      assert.ok((await server.response('ping', RUN_TIMEOUT_MS)).result);
      for (const reply of replies) assert.equal(reply.result?.isError ?? false, false, JSON.stringify(reply).slice(0, 300));
      assert.deepEqual(replies[0].result.structuredContent.sessions.map((s) => s.session_id), [SESSION]);
      checkExtract(replies[1].result.structuredContent.text);
      const exit = await server.close(10_000);
      assert.equal(exit.code, 0, `exit ${JSON.stringify(exit)}`);
    });
  }
});

describe('state files', () => {
  const cacheFiles = () => {
    const dir = path.join(root, 'state', 'context-sync', 'cache', 'sessions-v2');
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => path.join(dir, n)) : [];
  };

  test('are private: 0600 files in 0700 directories', () => {
    fs.rmSync(allowlist(), { force: true });
    fs.rmSync(path.join(root, 'state', 'context-sync'), { recursive: true, force: true });
    const listed = call('list_recent_sessions', {});
    assert.equal(listed.status, 0, listed.stderr);
    const files = cacheFiles();
    assert.equal(files.length, 1, 'one cache file');
    assert.equal(fs.statSync(files[0]).mode & 0o777, 0o600);
    for (let dir = path.dirname(files[0]); dir !== path.join(root, 'state'); dir = path.dirname(dir)) {
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700, dir);
    }
  });

  for (const kind of ['symlink to /dev/zero', 'FIFO']) {
    test(`a summary cache replaced by a ${kind} is ignored and rebuilt`, () => {
      fs.rmSync(allowlist(), { force: true });
      assert.equal(call('list_recent_sessions', {}).status, 0);
      const [cache] = cacheFiles();
      assert.ok(cache, 'the first listing wrote a cache');
      fs.rmSync(cache);
      if (kind === 'FIFO') assert.equal(spawnSync('mkfifo', [cache]).status, 0);
      else fs.symlinkSync('/dev/zero', cache);
      const listed = call('list_recent_sessions', {});
      assert.equal(listed.status, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout).sessions.map((s) => s.session_id), [SESSION]);
      assert.match(listed.stderr, /session cache ignored/);
      assert.ok(fs.lstatSync(cache).isFile(), 'rebuilt as a regular file');
    });
  }
});
