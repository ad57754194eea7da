// /context-sync end to end with the real Claude Code CLI, offline: the MCP prompt through the SDK,
// `context-sync install` / `uninstall` seen by `claude mcp list`, the repo installed as a plugin from
// its own marketplace, and a headless `claude -p "/context-sync"` whose model turns a stand-in Messages
// API scripts: learnings committed and pushed from machine A (a dry run first, which writes nothing),
// then loaded into a new session on machine B after a plain git pull.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { startFakeMessagesApi } from './lib/fake_messages_api.mjs';
import { ageTranscripts, binDir, demoProject, makeWorld, node22Dir, projectSlug, repoDir, serverBinary } from './lib/fixture.mjs';

const CLAUDE_TIMEOUT_MS = 120_000;
const PREFIX = 'mcp__context-sync__';
const TOOLS = ['list_recent_sessions', 'extract_transcript', 'scan_secrets', 'commit_learnings', 'read_learnings'];
const LEARNINGS = fs
  .readFileSync(path.join(repoDir, 'tests', 'data', 'demo', 'learnings.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());

let world;
before(() => {
  world = makeWorld();
  fs.mkdirSync(path.join(world.root, 'tmp'));
});
after(() => world?.cleanup());

// Claude Code's environment: a private HOME, nothing of this machine's Claude config, no traffic it
// can skip, our binary's directory and the pinned claude CLI on PATH.
function claudeEnv(home, extra = {}) {
  return {
    PATH: `${binDir}:${node22Dir}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: path.join(world.root, 'tmp'),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
}

function freshHome(name) {
  const home = path.join(world.root, name);
  fs.mkdirSync(home, { recursive: true });
  return home;
}

function runSync(command, args, { env, cwd, timeout = CLAUDE_TIMEOUT_MS }) {
  const r = spawnSync(command, args, { env, cwd, encoding: 'utf8', timeout });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}\n${r.stderr}`, stdout: r.stdout };
}

const claudeSync = (home, args, cwd = home) => runSync(path.join(binDir, 'claude'), args, { env: claudeEnv(home), cwd });
const cs = (home, args, cwd = home) => runSync(serverBinary(), ['--log-level', 'warn', ...args], { env: claudeEnv(home), cwd });

// Without blocking the event loop: the stand-in API lives in this process.
function runAsync(command, args, { env, cwd }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: CLAUDE_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

function skillBody() {
  const text = fs.readFileSync(path.join(repoDir, 'skills', 'context-sync', 'SKILL.md'), 'utf8');
  const end = text.indexOf('\n---\n', 3);
  return text.slice(end + 5).replace(/^\n+/, '');
}

test('the MCP prompt context-sync is the skill body, with dry_run as its argument', async () => {
  const transport = new StdioClientTransport({ command: serverBinary(), args: [], env: world.env, cwd: world.home, stderr: 'ignore' });
  const client = new Client({ name: 'context-sync-e2e', version: '1.0.0' });
  await client.connect(transport, { timeout: 20_000 });
  try {
    const { prompts } = await client.listPrompts({}, { timeout: 20_000 });
    const prompt = prompts.find((p) => p.name === 'context-sync');
    assert.ok(prompt, JSON.stringify(prompts));
    assert.deepEqual(prompt.arguments.map((a) => [a.name, a.required]), [['dry_run', false]]);
    const plain = await client.getPrompt({ name: 'context-sync', arguments: {} }, { timeout: 20_000 });
    const dry = await client.getPrompt({ name: 'context-sync', arguments: { dry_run: 'true' } }, { timeout: 20_000 });
    assert.equal(plain.messages[0].content.text, skillBody().replaceAll('$ARGUMENTS', ''));
    assert.equal(dry.messages[0].content.text, skillBody().replaceAll('$ARGUMENTS', '--dry-run'));
    await assert.rejects(client.getPrompt({ name: 'context-sync', arguments: { dry_run: 'perhaps' } }, { timeout: 20_000 }));
  } finally {
    await client.close();
  }
});

test('context-sync install registers the server with the real CLI; uninstall removes it', () => {
  const home = freshHome('install-home');
  const installed = cs(home, ['install']);
  assert.equal(installed.status, 0, installed.out);
  assert.match(installed.out, /by claude mcp add/);

  const listed = claudeSync(home, ['mcp', 'list']);
  assert.equal(listed.status, 0, listed.out);
  const line = listed.out.split('\n').find((l) => l.startsWith('context-sync:'));
  assert.ok(line, `context-sync missing from claude mcp list:\n${listed.out}`);
  assert.match(line, /Connected/, listed.out);
  assert.ok(line.includes(serverBinary()), line);
  const settings = JSON.parse(fs.readFileSync(path.join(home, '.claude', 'settings.json'), 'utf8'));
  assert.deepEqual(settings.permissions.allow.sort(), TOOLS.map((t) => PREFIX + t).sort());
  assert.ok(fs.existsSync(path.join(home, '.claude', 'skills', 'context-sync', 'SKILL.md')));

  const again = cs(home, ['install']);
  assert.equal(again.status, 0, again.out);
  assert.match(again.out, /already registered/);

  const removed = cs(home, ['uninstall']);
  assert.equal(removed.status, 0, removed.out);
  const gone = claudeSync(home, ['mcp', 'list']);
  assert.ok(!gone.out.split('\n').some((l) => l.startsWith('context-sync:')), gone.out);
  assert.ok(!fs.existsSync(path.join(home, '.claude', 'skills', 'context-sync')));
  assert.ok(!fs.existsSync(path.join(home, '.claude', 'settings.json')));
});

// The repo as a user clones it: its tracked and new files, without build trees or node_modules (a
// local marketplace is copied whole into the plugin cache).
function cleanCheckout() {
  const dest = path.join(world.root, 'checkout');
  const files = runSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { env: claudeEnv(world.home), cwd: repoDir, timeout: 30_000 });
  assert.equal(files.status, 0, files.out);
  for (const file of files.stdout.split('\0').filter(Boolean)) {
    const from = path.join(repoDir, file);
    if (!fs.existsSync(from)) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    fs.cpSync(from, path.join(dest, file));
  }
  return dest;
}

test('the repo installs as a plugin from its own marketplace', () => {
  const home = freshHome('plugin-home');
  const checkout = cleanCheckout();
  assert.ok(!fs.existsSync(path.join(checkout, 'build')));
  // No build in the checkout: the plugin's server.sh runs context-sync from PATH (where the test put
  // the binary under test) instead of building one.
  const env = claudeEnv(home, { PATH: `${path.dirname(serverBinary())}:${claudeEnv(home).PATH}` });
  const claudeHere = (args) => runSync(path.join(binDir, 'claude'), args, { env, cwd: home });
  const added = claudeHere(['plugin', 'marketplace', 'add', checkout]);
  assert.equal(added.status, 0, added.out);
  const installed = claudeHere(['plugin', 'install', 'context-sync@context-sync']);
  assert.equal(installed.status, 0, installed.out);
  const listed = claudeHere(['plugin', 'list']);
  assert.equal(listed.status, 0, listed.out);
  assert.match(listed.out, /context-sync@context-sync/);
  // The plugin's server starts and answers: its command resolves to a built binary.
  const servers = claudeHere(['mcp', 'list']);
  const line = servers.out.split('\n').find((l) => l.includes('context-sync') && l.startsWith('plugin:'));
  assert.ok(line, `no plugin server in claude mcp list:\n${servers.out}`);
  assert.match(line, /Connected/, servers.out);
  assert.ok(line.includes(path.join('skills', 'context-sync', 'scripts', 'server.sh')), line);
});

// Machine A and B: two clones of one bare remote, and A's Claude config dir holding the sample
// sessions, moved (paths and all) to A's clone as if they had been recorded there.
function twoMachines() {
  const root = path.join(world.root, 'machines');
  const git = (cwd, ...args) => {
    const r = runSync('git', ['-c', 'init.defaultBranch=main', ...args], { env: claudeEnv(root), cwd, timeout: 30_000 });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.out}`);
    return r.stdout.trim();
  };
  fs.mkdirSync(root, { recursive: true });
  git(root, 'init', '-q', '--bare', 'remote.git');
  const a = path.join(root, 'a', 'acme-api');
  const b = path.join(root, 'b', 'acme-api');
  git(root, 'clone', '-q', 'remote.git', a);
  git(a, 'config', 'user.name', 'Dev');
  git(a, 'config', 'user.email', 'dev@example.com');
  fs.writeFileSync(path.join(a, 'README.md'), '# acme-api\n');
  git(a, 'add', 'README.md');
  git(a, 'commit', '-q', '-m', 'first commit');
  git(a, 'push', '-q', '-u', 'origin', 'HEAD');
  git(root, 'clone', '-q', 'remote.git', b);
  const homeA = freshHome('home-a');
  const homeB = freshHome('home-b');
  const transcripts = path.join(homeA, '.claude', 'projects', projectSlug(a));
  fs.mkdirSync(transcripts, { recursive: true });
  for (const entry of fs.readdirSync(world.transcriptDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = path.join(entry.parentPath ?? entry.path, entry.name);
    const to = path.join(transcripts, path.relative(world.transcriptDir, from));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, fs.readFileSync(from, 'utf8').replaceAll(demoProject, a));
  }
  ageTranscripts(transcripts);
  return { root, a, b, homeA, homeB, git, remote: path.join(root, 'remote.git') };
}

// The model's turns for /context-sync, in the skill's order; null for every other request.
function syncScript() {
  const userText = (messages) =>
    messages
      .filter((m) => m.role === 'user')
      .flatMap((m) => (typeof m.content === 'string' ? [m.content] : m.content.filter((c) => c.type === 'text').map((c) => c.text)))
      .join('\n');
  const resultText = (r) => (typeof r.content === 'string' ? r.content : (r.content ?? []).map((c) => c.text ?? '').join(''));
  return (body) => {
    if (!(body.tools ?? []).some((t) => t.name === PREFIX + 'commit_learnings')) return null;
    const messages = body.messages ?? [];
    const asked = userText(messages);
    if (!/what would future-me wish they knew/i.test(asked)) {
      return { blocks: [{ type: 'text', text: 'The skill was not loaded.' }], stop: 'end_turn' };
    }
    const dryRun = asked.includes('Arguments given: "--dry-run"');
    const results = messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((c) => c.type === 'tool_result') : []));
    const use = (name, input) => ({ blocks: [{ type: 'tool_use', name: PREFIX + name, input }], stop: 'tool_use' });
    if (results.some((r) => r.is_error)) {
      return { blocks: [{ type: 'text', text: `A tool failed: ${results.map(resultText).join(' | ')}` }], stop: 'end_turn' };
    }
    const listed = results.length > 0 ? JSON.parse(resultText(results[0])) : null;
    const ids = (listed?.sessions ?? []).map((s) => s.session_id);
    switch (results.length) {
      case 0:
        return use('list_recent_sessions', { since: '1970-01-01T00:00:00Z' });
      case 1:
        return use('read_learnings', {});
      case 2:
        return use('extract_transcript', { session_id: ids[0] });
      case 3:
        return use('commit_learnings', { learnings: LEARNINGS, session_ids: ids, dry_run: dryRun });
      default:
        return { blocks: [{ type: 'text', text: `Report: ${resultText(results.at(-1))}` }], stop: 'end_turn' };
    }
  };
}

async function headless(home, cwd, prompt, plan) {
  const api = await startFakeMessagesApi({ plan });
  try {
    const env = claudeEnv(home, {
      ANTHROPIC_BASE_URL: api.url,
      ANTHROPIC_API_KEY: 'sk-ant-e2e-stand-in',
      ENABLE_TOOL_SEARCH: 'false',
    });
    const r = await runAsync(path.join(binDir, 'claude'), ['-p', prompt, '--output-format', 'json'], { env, cwd });
    return { ...r, requests: api.requests };
  } finally {
    await api.close();
  }
}

test('headless claude -p "/context-sync" commits and pushes from A; B loads the learnings after git pull', async () => {
  const m = twoMachines();
  const installed = cs(m.homeA, ['install'], m.a);
  assert.equal(installed.status, 0, installed.out);
  const start = m.git(m.remote, 'rev-parse', 'main');

  const dry = await headless(m.homeA, m.a, '/context-sync --dry-run', syncScript());
  assert.equal(dry.status, 0, `${dry.stdout}\n${dry.stderr}`);
  const dryResult = JSON.parse(dry.stdout).result;
  assert.match(dryResult, /Report: .*"status":\s*"dry_run"/s, dryResult);
  assert.equal(m.git(m.remote, 'rev-parse', 'main'), start, 'the dry run pushed something');
  assert.equal(m.git(m.a, 'status', '--porcelain'), '', 'the dry run changed the work tree');
  assert.equal(m.git(m.a, 'rev-parse', 'HEAD'), start);

  const real = await headless(m.homeA, m.a, '/context-sync', syncScript());
  assert.equal(real.status, 0, `${real.stdout}\n${real.stderr}`);
  const result = JSON.parse(real.stdout).result;
  assert.match(result, /Report: .*"pushed":\s*true/s, result);
  const tip = m.git(m.remote, 'rev-parse', 'main');
  assert.notEqual(tip, start);
  assert.equal(m.git(m.remote, 'rev-list', '--count', `${start}..${tip}`), '1');
  const changed = m.git(m.remote, 'diff', '--name-only', start, tip).split('\n').sort();
  assert.deepEqual(changed, ['.claude/CLAUDE.md', '.claude/learnings.md', '.gitattributes']);
  const learnings = m.git(m.remote, 'show', `${tip}:.claude/learnings.md`);
  for (const l of LEARNINGS) assert.ok(learnings.includes(l), learnings);
  assert.equal(m.git(m.a, 'status', '--porcelain'), '', 'something else changed in A');

  // Machine B: its clone, made before the sync, brought up to date with a plain git pull; then a new session.
  m.git(m.b, 'pull', '-q');
  const hello = await headless(m.homeB, m.b, 'hello', () => null);
  assert.equal(hello.status, 0, `${hello.stdout}\n${hello.stderr}`);
  const sent = hello.requests.map((q) => JSON.stringify(q.body)).join('\n');
  for (const l of LEARNINGS) {
    assert.ok(sent.includes(JSON.stringify(l).slice(1, -1)), `B's requests to the model lack the learning: ${l}`);
  }
});
