// Learnings end to end through the real binary: `context-sync commit` / `push` / `call`, and an MCP
// client (the TypeScript SDK over stdio) calling commit_learnings and read_learnings, against a real
// bare remote and clones made with the git CLI, which also checks what was written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { CHILD_TIMEOUT_MS, makeWorld, runBinary, serverBinary } from './lib/fixture.mjs';

const CALL_TIMEOUT_MS = 30_000;

function git(cwd, ...args) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

// A bare remote with one commit, and a clone with an identity tracking it.
function makeRepos(root) {
  const bare = path.join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  const clone = (name) => {
    const dir = path.join(root, name);
    git(root, 'clone', '-q', bare, dir);
    git(dir, 'config', 'user.name', 'E2E User');
    git(dir, 'config', 'user.email', 'e2e@example.com');
    return dir;
  };
  const seed = clone('seed');
  fs.writeFileSync(path.join(seed, 'README.md'), '# app\n');
  git(seed, 'add', 'README.md');
  git(seed, 'commit', '-q', '-m', 'initial commit');
  git(seed, 'push', '-q', 'origin', 'main');
  return { bare, clone };
}

// Everything a refused or dry call could have written.
function snapshot(dir, stateDir) {
  const files = (d) =>
    fs.existsSync(d) ? fs.readdirSync(d, { recursive: true }).map(String).sort().join('\n') : '<none>';
  return [
    git(dir, '--no-optional-locks', 'status', '--porcelain', '--untracked-files=all'),
    git(dir, 'for-each-ref'),
    files(path.join(dir, '.git', 'objects')),
    files(stateDir),
  ].join('\n---\n');
}

// A fake AWS key id, assembled at run time so the source holds no key-shaped literal.
const fakeKey = () => 'AKIA' + 'QWERTYUIOPASDFGH'.split('').reverse().join('');

describe('context-sync commit and push', () => {
  let world;
  let repos;
  let vm;
  let env;
  const cli = (...args) => runBinary(['--project', vm, ...args], env);

  before(() => {
    world = makeWorld();
    repos = makeRepos(world.root);
    vm = repos.clone('vm');
    env = { ...world.env, CLAUDE_PROJECT_DIR: vm, CONTEXT_SYNC_MACHINE: 'vm' };
  });
  after(() => world?.cleanup());

  test('commit writes, commits and pushes the learnings; a repeat changes nothing', () => {
    const r = cli('commit', '--session', 'aaaa-1111', 'Run `make test` before pushing', 'The API listens on :8080');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Committed 2 learnings/);
    assert.match(r.stdout, /pushed/);
    assert.equal(git(repos.bare, 'log', '-1', '--format=%s', 'main'), 'context-sync: 2 learnings from vm\n');
    assert.match(git(repos.bare, 'log', '-1', '--format=%B', 'main'), /Session-Id: aaaa-1111/);
    const file = git(repos.bare, 'show', 'main:.claude/learnings.md');
    assert.match(file, /^# Learnings\n\n## \d{4}-\d{2}-\d{2} \(vm\)\n- Run `make test` before pushing\n- The API listens on :8080\n$/);
    assert.equal(git(vm, 'status', '--porcelain'), '');
    git(repos.bare, 'fsck', '--strict');

    const before = snapshot(vm, world.env.XDG_STATE_HOME);
    const again = cli('commit', 'run make test before pushing!');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /No new learnings/);
    assert.equal(snapshot(vm, world.env.XDG_STATE_HOME), before);
  });

  test('learnings can come from stdin, one per line', () => {
    const r = runBinary(['--project', vm, 'commit', '-'], env, { input: 'first from stdin\n\nsecond from stdin\n' });
    assert.equal(r.status, 0, r.stderr);
    const file = fs.readFileSync(path.join(vm, '.claude', 'learnings.md'), 'utf8');
    assert.match(file, /- first from stdin\n- second from stdin\n/);
  });

  test('a dry run prints the diff and the message and writes nothing', () => {
    const before = snapshot(vm, world.env.XDG_STATE_HOME);
    const r = cli('commit', '--dry-run', 'Deploys go through make release');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^--- a\/\.claude\/learnings\.md\n\+\+\+ b\/\.claude\/learnings\.md\n@@ /m);
    assert.match(r.stdout, /^\+- Deploys go through make release$/m);
    assert.match(r.stdout, /context-sync: 1 learnings from vm/);
    assert.equal(snapshot(vm, world.env.XDG_STATE_HOME), before);
  });

  test('a secret is refused with exit 1, named by rule and never shown', () => {
    const key = fakeKey();
    const before = snapshot(vm, world.env.XDG_STATE_HOME);
    const r = cli('commit', 'fine', `the deploy key is ${key}`);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /learning 2/);
    assert.match(r.stderr, /aws/i);
    assert.ok(!r.stderr.includes(key) && !r.stdout.includes(key));
    assert.equal(snapshot(vm, world.env.XDG_STATE_HOME), before);
  });

  test('a bad learning is a usage-independent refusal naming the item', () => {
    const r = cli('commit', '# not a heading please');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /learning 1.*heading/);
  });

  test('call commit_learnings runs the same tool', () => {
    const r = runBinary(
      ['--project', vm, 'call', 'commit_learnings', JSON.stringify({ learnings: ['Via call'], dry_run: true })],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.status, 'dry_run');
    assert.deepEqual(result.added, ['Via call']);
    assert.equal(result.files.length, 1);
  });

  test('an unreachable remote leaves the commit pending (exit 3); push delivers it later', () => {
    const hidden = `${repos.bare}.away`;
    fs.renameSync(repos.bare, hidden);
    try {
      const r = cli('commit', 'Written while offline');
      assert.equal(r.status, 3, r.stdout + r.stderr);
      assert.match(r.stdout, /not pushed/);
    } finally {
      fs.renameSync(hidden, repos.bare);
    }
    assert.doesNotMatch(git(repos.bare, 'show', 'main:.claude/learnings.md'), /Written while offline/);
    const pushed = cli('push');
    assert.equal(pushed.status, 0, pushed.stdout + pushed.stderr);
    assert.match(git(repos.bare, 'show', 'main:.claude/learnings.md'), /- Written while offline/);
    const nothing = cli('push');
    assert.equal(nothing.status, 0, nothing.stdout + nothing.stderr);
  });
});

describe('commit_learnings and read_learnings through an MCP client', () => {
  let world;
  let repos;
  let vm;
  let client;
  let stderr = '';

  before(async () => {
    world = makeWorld();
    repos = makeRepos(world.root);
    vm = repos.clone('vm');
    const transport = new StdioClientTransport({
      command: serverBinary(),
      args: [],
      env: { ...world.env, CLAUDE_PROJECT_DIR: vm, CONTEXT_SYNC_MACHINE: 'laptop', CLAUDE_CODE_SESSION_ID: 'e2e-sync-session' },
      cwd: world.home,
      stderr: 'pipe',
    });
    transport.stderr.on('data', (d) => (stderr += d));
    client = new Client({ name: 'context-sync-e2e', version: '1.0.0' });
    await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
  });
  after(async () => {
    await client?.close();
    world?.cleanup();
  });

  const call = (name, args) => client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS });

  test('the tools are offered with their schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    assert.ok(names.includes('commit_learnings'), names.join(','));
    assert.ok(names.includes('read_learnings'), names.join(','));
  });

  test('a dry run, a commit, then read_learnings sees it', async () => {
    const dry = await call('commit_learnings', { learnings: ['Migrations run in the entrypoint'], dry_run: true });
    assert.notEqual(dry.isError, true, JSON.stringify(dry.content));
    assert.equal(dry.structuredContent.status, 'dry_run');
    assert.ok(!fs.existsSync(path.join(vm, '.claude')));

    const done = await call('commit_learnings', {
      learnings: ['Migrations run in the entrypoint', 'Use `uv run` for scripts'],
      session_ids: ['0e2e0e2e-0000-4000-8000-000000000001'],
    });
    assert.notEqual(done.isError, true, JSON.stringify(done.content));
    assert.equal(done.structuredContent.status, 'committed');
    assert.equal(done.structuredContent.pushed, true);
    assert.equal(git(repos.bare, 'log', '-1', '--format=%s', 'main'), 'context-sync: 2 learnings from laptop\n');

    const read = await call('read_learnings', {});
    assert.notEqual(read.isError, true, JSON.stringify(read.content));
    const { sections } = read.structuredContent;
    assert.equal(sections.length, 1);
    assert.equal(sections[0].machine, 'laptop');
    assert.deepEqual(sections[0].items, ['Migrations run in the entrypoint', 'Use `uv run` for scripts']);
    const filtered = await call('read_learnings', { query: 'UV scripts' });
    assert.deepEqual(filtered.structuredContent.sections[0].items, ['Use `uv run` for scripts']);

    const again = await call('commit_learnings', { learnings: ['use uv run for scripts.'] });
    assert.equal(again.structuredContent.status, 'nothing_new');
    assert.match(again.structuredContent.summary, /No new learnings/);
  });

  test('a refusal is an isError result', async () => {
    const secret = await call('commit_learnings', { learnings: [`token ${fakeKey()}`] });
    assert.equal(secret.isError, true);
    assert.match(secret.content[0].text, /learning 1/);
    assert.ok(!secret.content[0].text.includes(fakeKey()));
    const heading = await call('commit_learnings', { learnings: ['## heading'] });
    assert.equal(heading.isError, true);
  });

  test('the learnings file is a resource', async () => {
    assert.ok(client.getServerCapabilities()?.resources, 'resources are advertised');
    const { resources } = await client.listResources();
    const learnings = resources.find((r) => r.uri === 'context-sync://learnings');
    assert.ok(learnings, 'the learnings resource is listed');
    assert.equal(learnings.mimeType, 'text/markdown');
    const read = await client.readResource({ uri: learnings.uri });
    assert.match(read.contents[0].text, /- Use `uv run` for scripts/);
  });
});
