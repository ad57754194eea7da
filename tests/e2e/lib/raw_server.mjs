// The server as a child process spoken to byte by byte: newline-delimited JSON-RPC on stdin/stdout,
// with every stdout line kept and checked, so tests can send what no SDK would (broken JSON, batches,
// invalid UTF-8, 64 MiB lines) and see exactly what comes back.
import { spawn } from 'node:child_process';

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Is this one stdout line a JSON-RPC 2.0 message (response, request or notification)?
export function jsonRpcProblem(bytes) {
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    return 'not valid UTF-8';
  }
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    // a batch response is only legal as the answer to a batch under 2025-03-26
    if (Array.isArray(msg) && msg.length > 0 && msg.every((m) => m?.jsonrpc === '2.0')) return null;
    return 'not a JSON object';
  }
  if (msg.jsonrpc !== '2.0') return 'jsonrpc is not "2.0"';
  const isResponse = 'id' in msg && ('result' in msg) !== ('error' in msg);
  const isRequestOrNote = typeof msg.method === 'string';
  if (!isResponse && !isRequestOrNote) return 'neither a response nor a request/notification';
  if ('error' in msg && (typeof msg.error?.code !== 'number' || typeof msg.error?.message !== 'string')) {
    return 'malformed error object';
  }
  return null;
}

export class RawServer {
  constructor(binary, env, args = []) {
    this.child = spawn(binary, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.messages = []; // every parsed stdout message, in order
    this.problems = []; // stdout lines that were not JSON-RPC messages
    this.stderr = '';
    this.waiters = new Set();
    this.pending = Buffer.alloc(0);
    this.exit = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stdin.on('error', () => {}); // EPIPE after the server exits is reported through `exit`
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.child.stdout.on('data', (d) => this.#onStdout(d));
  }

  #onStdout(chunk) {
    this.pending = Buffer.concat([this.pending, chunk]);
    let nl;
    while ((nl = this.pending.indexOf(0x0a)) >= 0) {
      const line = this.pending.subarray(0, nl);
      this.pending = this.pending.subarray(nl + 1);
      const problem = jsonRpcProblem(line);
      if (problem) {
        this.problems.push(`${problem}: ${line.subarray(0, 200).toString('latin1')}`);
        continue;
      }
      this.messages.push(JSON.parse(line.toString('utf8')));
      for (const w of this.waiters) w();
    }
  }

  // Writes one line: an object (serialised), a string or raw bytes; the newline is added.
  async send(message) {
    const body = Buffer.isBuffer(message)
      ? message
      : Buffer.from(typeof message === 'string' ? message : JSON.stringify(message));
    const ok = this.child.stdin.write(Buffer.concat([body, Buffer.from('\n')]));
    if (!ok) await new Promise((r) => this.child.stdin.once('drain', r));
  }

  // Resolves with the first message (seen before or after the call) that matches, or rejects after
  // timeoutMs. Also fails fast when the server exits.
  waitFor(predicate, timeoutMs = 10_000, what = 'a message') {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const done = (fn, v) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        fn(v);
      };
      const check = () => {
        const m = this.messages.find(predicate);
        if (m) done(resolve, m);
      };
      const timer = setTimeout(() => done(reject, new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.waiters.add(check);
      this.exit.then(({ code, signal }) => {
        check();
        if (this.waiters.has(check)) done(reject, new Error(`server exited (${code ?? signal}) before ${what}`));
      });
    });
  }

  response(id, timeoutMs) {
    const isAnswer = (m) => m.id === id && ('result' in m || 'error' in m);
    return this.waitFor(isAnswer, timeoutMs, `the response to id ${JSON.stringify(id)}`);
  }

  async request(message, timeoutMs) {
    await this.send(message);
    return this.response(message.id, timeoutMs);
  }

  // Closes stdin (EOF) and waits for the exit, killing the process if it takes longer than timeoutMs.
  async close(timeoutMs = 10_000) {
    this.child.stdin.end();
    return this.waitExit(timeoutMs);
  }

  async waitExit(timeoutMs = 10_000) {
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve({ code: null, signal: 'SIGKILL', timedOut: true });
      }, timeoutMs);
    });
    const result = await Promise.race([this.exit, timeout]);
    clearTimeout(timer);
    // let the last stdout bytes arrive before callers inspect them
    await new Promise((r) => setImmediate(r));
    return result;
  }
}

// The _meta every request of the stateless revision carries.
export function modernMeta(version = '2026-07-28') {
  return {
    'io.modelcontextprotocol/protocolVersion': version,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'context-sync-e2e', version: '1.0.0' },
  };
}

export async function initialize(server, id = 'init', protocolVersion = '2025-11-25') {
  const reply = await server.request({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'context-sync-e2e', version: '1.0.0' } },
  });
  await server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return reply;
}
