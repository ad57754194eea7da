// context-sync serving Streamable HTTP as a child process: started on 127.0.0.1 with port 0, its URL
// read from the line it prints on stderr, stopped with a signal and a bounded wait.
import { spawn } from 'node:child_process';
import net from 'node:net';

import { serverBinary } from './fixture.mjs';

const START_TIMEOUT_MS = 15_000;

export async function startHttpServer(world, extraArgs = [], { listen = '127.0.0.1:0' } = {}) {
  const child = spawn(serverBinary(), ['serve', '--http', listen, ...extraArgs], {
    env: world.env,
    cwd: world.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, stderr: '', stdout: '' };
  server.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.on('data', (d) => (server.stdout += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line after ${START_TIMEOUT_MS} ms:\n${server.stderr}`)), START_TIMEOUT_MS);
    child.stderr.on('data', (d) => {
      server.stderr += d;
      const m = /listening on (http:\/\/\S+\/mcp)/.exec(server.stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${server.stderr}`));
    });
  });
  server.url = url;
  server.port = Number(new URL(url).port);
  // Sends a signal and waits for the exit; SIGKILL after timeoutMs.
  server.stop = async (signal = 'SIGTERM', timeoutMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return server.exit;
    child.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ code: null, signal: 'SIGKILL', timedOut: true });
      }, timeoutMs);
    });
    const result = await Promise.race([server.exit, timeout]);
    clearTimeout(timer);
    return result;
  };
  return server;
}

// The headers a 2026-07-28 request must carry, derived from its body as a conforming client would.
export function modernHeaders(body) {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': body.params?._meta?.['io.modelcontextprotocol/protocolVersion'] ?? '2026-07-28',
    'mcp-method': body.method,
  };
  const name = body.params?.name ?? body.params?.uri;
  if (['tools/call', 'prompts/get', 'resources/read'].includes(body.method) && typeof name === 'string') {
    headers['mcp-name'] = name;
  }
  return headers;
}

// One raw exchange on a fresh TCP connection: writes `bytes` (a Buffer or string, or an array of them
// written with `gapMs` between), then collects what comes back until the server closes, `idleMs` pass
// without data after something arrived, or `timeoutMs` pass. Returns { status, text, closed, ms }.
export function rawExchange(port, bytes, { timeoutMs = 20_000, idleMs = 500, gapMs = 0 } = {}) {
  const parts = Array.isArray(bytes) ? bytes : [bytes];
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    let idleTimer;
    let closed = false;
    const finish = () => {
      clearTimeout(hardTimer);
      clearTimeout(idleTimer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, closed, ms: Date.now() - started });
    };
    const hardTimer = setTimeout(finish, timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      clearTimeout(idleTimer);
      idleTimer = setTimeout(finish, idleMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', async () => {
      for (let i = 0; i < parts.length; i++) {
        if (socket.destroyed) return;
        socket.write(parts[i]);
        if (gapMs && i + 1 < parts.length) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}
