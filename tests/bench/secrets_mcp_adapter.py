#!/usr/bin/env python3
"""Scanner adapter for ../shared/bench/secrets/score.py: scores context-sync through its MCP tool.

usage: secrets_mcp_adapter.py CONTEXT_SYNC_BINARY < corpus.jsonl

Starts one `context-sync serve` process, sends every record's text to the scan_secrets tool over
MCP stdio (JSON-RPC, one message per line) and prints the id of each record with a finding, as
score.py expects. With --why, prints "id<TAB>rule_id,..." instead. Exits 2 if the server misbehaves.
"""
import json
import subprocess
import sys


def main():
    args = [a for a in sys.argv[1:] if a != "--why"]
    why = "--why" in sys.argv[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    server = subprocess.Popen([args[0], "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1)

    def send(message):
        server.stdin.write(json.dumps(message) + "\n")
        server.stdin.flush()

    def receive(want_id):
        while True:
            line = server.stdout.readline()
            if not line:
                sys.exit("context-sync serve exited early")
            message = json.loads(line)
            if message.get("id") == want_id:
                return message

    send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
          "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                     "clientInfo": {"name": "secrets-bench", "version": "1"}}})
    receive(0)
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    records = [json.loads(line) for line in sys.stdin if line.strip()]
    # One request in flight at a time: the server limits concurrent tool calls.
    answers = {}
    for n, record in enumerate(records, start=1):
        send({"jsonrpc": "2.0", "id": n, "method": "tools/call",
              "params": {"name": "scan_secrets", "arguments": {"text": record["text"]}}})
        answers[n] = receive(n)
    server.stdin.close()
    server.wait(timeout=30)

    for n, record in enumerate(records, start=1):
        result = answers[n].get("result")
        if result is None or result.get("isError"):
            sys.exit(f"scan_secrets failed on {record['id']}: {answers[n]}")
        findings = result["structuredContent"]["findings"]
        if findings:
            print(f"{record['id']}\t{','.join(f['rule_id'] for f in findings)}" if why else record["id"])


if __name__ == "__main__":
    main()
