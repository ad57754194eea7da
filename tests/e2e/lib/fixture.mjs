// Shared set-up for the end-to-end tests: the server binary, a private copy of the bundled demo data,
// the environment the server runs with, and what the demo transcripts hold (read from the files
// themselves, so no test is tuned to particular ids or texts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eDir = path.resolve(here, '..');
export const repoDir = path.resolve(e2eDir, '..', '..');
const demoClaudeDir = path.join(repoDir, 'tests', 'data', 'demo', 'claude');

// The project the demo sessions were recorded in; Claude Code names its transcript folder after it.
export const demoProject = '/home/dev/acme-api';
export const projectSlug = (p) => p.replace(/[^A-Za-z0-9]/g, '-');

// Every child process gets at most this long unless a test says otherwise.
export const CHILD_TIMEOUT_MS = 30_000;

// The context-sync executable under test. run.sh passes it; a test run without it is a set-up error.
export function serverBinary() {
  const bin = process.env.CONTEXT_SYNC_BIN;
  if (!bin) throw new Error('CONTEXT_SYNC_BIN is not set (run tests/e2e/run.sh PATH/TO/context-sync)');
  const abs = path.resolve(bin);
  fs.accessSync(abs, fs.constants.X_OK);
  return abs;
}

// The local Node 22 that install.sh put in node_modules (the machine's own Node is too old for some
// clients). Its directory goes first on PATH for child processes that start node scripts.
export const node22Dir = path.join(e2eDir, 'node_modules', 'node', 'bin');
export const binDir = path.join(e2eDir, 'node_modules', '.bin');

function readLines(file) {
  const out = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    try {
      out.push(JSON.parse(raw));
    } catch {
      // the demo data is well-formed; a generated file may end mid-line on purpose
    }
  }
  return out;
}

function lastTimestamp(lines) {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (typeof lines[i].timestamp === 'string') return new Date(lines[i].timestamp);
  }
  return null;
}

// Freshly copied files look "active" (modified < 60 s ago) and are hidden by default, so each
// transcript gets its last recorded time as mtime, as if it had been written then.
export function ageTranscripts(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.jsonl')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const when = lastTimestamp(readLines(file));
    if (when) fs.utimesSync(file, when, when);
  }
}

// A fresh temporary world: <root>/claude (copy of the demo data), <root>/state, <root>/home.
// Call cleanup() when done (tests register it with t.after / after).
export function makeWorld() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'context-sync-e2e-'));
  const claudeDir = path.join(root, 'claude');
  fs.cpSync(demoClaudeDir, claudeDir, { recursive: true });
  ageTranscripts(claudeDir);
  for (const d of ['state', 'home']) fs.mkdirSync(path.join(root, d));
  const transcriptDir = path.join(claudeDir, 'projects', projectSlug(demoProject));
  return {
    root,
    claudeDir,
    transcriptDir,
    home: path.join(root, 'home'),
    env: serverEnv(root),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

// The server's whole environment, built from scratch: the test runner may itself run inside Claude
// Code, whose CLAUDE_CODE_SESSION_ID and CLAUDE_CONFIG_DIR must not leak into the server.
export function serverEnv(root) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: path.join(root, 'home'),
    CLAUDE_CONFIG_DIR: path.join(root, 'claude'),
    CLAUDE_PROJECT_DIR: demoProject,
    XDG_STATE_HOME: path.join(root, 'state'),
  };
}

// What a demo session holds, from its lines: the prompts a person typed (not tool results, caveats,
// compaction summaries, slash-command wrappers, interruptions or subagent lines), titles, metadata.
function userPrompts(lines) {
  const prompts = [];
  for (const l of lines) {
    if (l.type !== 'user' || l.isMeta || l.isSidechain || l.isCompactSummary) continue;
    const content = l.message?.content;
    const texts =
      typeof content === 'string'
        ? [content]
        : (content ?? []).filter((b) => b.type === 'text').map((b) => b.text);
    for (const text of texts) {
      if (/^<(system-reminder|command-name|local-command)/.test(text)) continue;
      if (/^\[Request interrupted/.test(text)) continue;
      prompts.push(text);
    }
  }
  return prompts;
}

export function demoSessions(transcriptDir) {
  const names = fs.readdirSync(transcriptDir);
  return names
    .filter((n) => n.endsWith('.jsonl') && !n.startsWith('agent-'))
    .map((name) => {
      const file = path.join(transcriptDir, name);
      const lines = readLines(file);
      const sessionId = name.slice(0, -'.jsonl'.length);
      const messages = lines.filter((l) => l.type === 'user' || l.type === 'assistant');
      const first = messages.find((l) => !l.isSidechain) ?? {};
      const subagentDir = path.join(transcriptDir, sessionId, 'subagents');
      // Subagent evidence of every era: inline sidechain lines, agent-*.jsonl beside the sessions
      // naming this session, or a <session>/subagents/ folder.
      const agentFiles = names.filter(
        (n) => n.startsWith('agent-') && readLines(path.join(transcriptDir, n)).some((l) => l.sessionId === sessionId),
      );
      const hasSubagents =
        lines.some((l) => l.isSidechain) || agentFiles.length > 0 || fs.existsSync(subagentDir);
      return {
        sessionId,
        file,
        size: fs.statSync(file).size,
        mtimeMs: fs.statSync(file).mtimeMs,
        prompts: userPrompts(lines),
        titles: lines.flatMap((l) => [l.customTitle, l.aiTitle, l.type === 'summary' ? l.summary : undefined]).filter(Boolean),
        firstMessageAt: first.timestamp ? new Date(first.timestamp) : null,
        cwd: first.cwd,
        gitBranch: first.gitBranch,
        version: first.version,
        hasSubagents,
      };
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

// Runs the binary once (a CLI subcommand) with a bounded time; returns {status, stdout, stderr}.
export function runBinary(args, env, { timeout = CHILD_TIMEOUT_MS, input } = {}) {
  const r = spawnSync(serverBinary(), args, { env, input, timeout, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// Adds a generated session of about `megabytes` MB to the transcript folder: a prompt, then millions
// of small bookkeeping lines the extractor must read and drop, then a last prompt. Long enough to take
// a noticeable time (about 0.4 s per 100 MB here), so progress and cancellation can be observed.
// Returns its id.
// One transcript line of the demo project, in the shape Claude Code 2.1 writes: the n-th line of the
// session, stamped at `time`.
function transcriptLine(sessionId, n, time, type, message, extra = {}) {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: demoProject,
    sessionId,
    version: '2.1.42',
    gitBranch: 'main',
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: new Date(time).toISOString(),
    type,
    message,
    ...extra,
  });
}

export function writeLargeSession(transcriptDir, megabytes, sessionId = '0e2e0e2e-0000-4000-8000-00000000b16b') {
  const file = path.join(transcriptDir, `${sessionId}.jsonl`);
  const fd = fs.openSync(file, 'w');
  const base = Date.parse('2026-01-05T10:00:00.000Z');
  const msg = (type, i, content) =>
    transcriptLine(
      sessionId,
      i,
      base + i * 1000,
      type,
      type === 'user'
        ? { role: 'user', content }
        : { id: `msg_${i}`, role: 'assistant', content: [{ type: 'text', text: content }] },
    ) + '\n';
  fs.writeSync(fd, msg('user', 0, 'Generated session: first prompt.'));
  // Short lines: the extractor's cost is mostly per line, so these make the slowest file per byte.
  const noise = JSON.stringify({ type: 'progress', sessionId }) + '\n';
  const chunk = noise.repeat(16384);
  const target = megabytes * 1024 * 1024;
  for (let written = 0; written < target; written += chunk.length) fs.writeSync(fd, chunk);
  fs.writeSync(fd, msg('user', 1, 'Generated session: last prompt.'));
  fs.writeSync(fd, msg('assistant', 2, 'Generated session: last answer.'));
  fs.closeSync(fd);
  const when = new Date(base + 2000);
  fs.utimesSync(file, when, when);
  return sessionId;
}

// Adds a generated conversation of `exchanges` prompt/answer pairs (with a tool call each, and one
// answer longer than a whole page) so that paging with a small max_tokens takes many pages. Every
// prompt is distinct, so a test can check that each appears exactly once. Returns its id.
export function writeChattySession(transcriptDir, exchanges, sessionId = '0e2e0e2e-0000-4000-8000-0000000c4a77') {
  const base = Date.parse('2026-01-04T08:00:00.000Z');
  const lines = [];
  let n = 0;
  const line = (type, message, extra = {}) => {
    n += 1;
    lines.push(transcriptLine(sessionId, n, base + n * 7000, type, message, extra));
  };
  const words = 'cache retry schema index build deploy route token queue worker timeout branch'.split(' ');
  for (let i = 0; i < exchanges; i++) {
    const topic = Array.from({ length: 6 + (i % 9) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
    line('user', { role: 'user', content: `Prompt number ${i}: please look at the ${topic}.` });
    const answer =
      i === Math.floor(exchanges / 2)
        ? `Long answer ${i}: ${'lorem ipsum dolor sit amet '.repeat(1200)}`
        : `Answer ${i} about the ${topic}.`;
    line('assistant', { id: `msg_c${i}`, role: 'assistant', content: [{ type: 'text', text: answer }] });
    const call = { type: 'tool_use', id: `toolu_c${i}`, name: 'Bash', input: { command: `make test-${i}` } };
    line('assistant', { id: `msg_c${i}`, role: 'assistant', content: [call] });
    line('user', { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_c${i}`, content: 'ok '.repeat(50) }] });
  }
  const file = path.join(transcriptDir, `${sessionId}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const when = new Date(base + n * 7000);
  fs.utimesSync(file, when, when);
  return sessionId;
}

// Runs `mcp-inspector --cli ARGS...` (the server's target first: --tool-arg takes every word after it)
// with the local Node 22 it requires, in the world's HOME, and returns its parsed JSON output.
export function runInspector(world, args) {
  const r = spawnSync(path.join(node22Dir, 'node'), [path.join(binDir, 'mcp-inspector'), '--cli', ...args], {
    env: { PATH: `${node22Dir}:${process.env.PATH}`, HOME: world.home, NO_COLOR: '1' },
    cwd: world.home,
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `mcp-inspector exited ${r.status ?? r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`mcp-inspector printed no JSON:\n${r.stdout}\nstderr: ${r.stderr}`);
  }
}
