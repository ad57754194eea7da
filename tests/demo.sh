#!/usr/bin/env bash
# The main job on bundled sample data: a machine's ~/.claude with three sessions of one project
# (/home/dev/acme-api) written by Claude Code 1.0, 2.0 and 2.1. Lists them, pages through one with the
# MCP tool, prints another whole, shows the secret scanner at work, then commits learnings into a
# project clone, pushes them to a bare remote and pulls them on a second clone (two machines).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tests/install-deps.sh
bash tests/build.sh build >/dev/null

demo=$(mktemp -d /tmp/context-sync-demo.XXXXXX)
trap 'rm -rf "$demo"' EXIT
bash tests/stage-demo-data.sh "$demo"
export CLAUDE_CONFIG_DIR="$demo/claude" CLAUDE_PROJECT_DIR=/home/dev/acme-api XDG_STATE_HOME="$demo/state"
bin="$root/build/server/context-sync"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

step "The tools an MCP client sees" "context-sync tools | jq -r '.[] | .name + \": \" + .title'"
"$bin" --log-level warn tools | jq -r '.[] | .name + ": " + .title'

step "Sessions of /home/dev/acme-api on this machine, newest first" \
  "context-sync call list_recent_sessions '{\"since\": \"365d\"}'"
"$bin" --log-level warn call list_recent_sessions '{"since": "365d"}' |
  jq -r '.sessions[] | "\(.modified_at)  \(.session_id)  v\(.version)  \(.messages) msgs  \(.subagents) subagents  \(.title // "")\n    first prompt: \(.first_prompt)"'

newest=$("$bin" --log-level warn call list_recent_sessions '{"since": "365d"}' | jq -r '.sessions[0].session_id')
step "First page of the newest session, as the model reads it (max_tokens 1000)" \
  "context-sync call extract_transcript '{\"session_id\": \"$newest\", \"max_tokens\": 1000}'"
"$bin" --log-level warn call extract_transcript "{\"session_id\": \"$newest\", \"max_tokens\": 1000}" |
  jq -r '.text, "next_cursor: \(.next_cursor // "null")"'

step "The whole newest session with its subagents" "context-sync extract $newest --subagents"
"$bin" --log-level warn extract "$newest" --subagents

step "Secret scanning: a learning that quotes a key is refused" "context-sync scan learning.md"
# A made-up key in Anthropic's documented shape, assembled here so the repository holds no key-like text.
key="sk-ant-api03-$(printf 'Q7vK2mX9pL4nR8sT1wY6zB3cF5hJ0dG2%.0s' 1 2 3 | cut -c1-93)AA"
printf -- '- Deploy with `ANTHROPIC_API_KEY=%s make deploy`\n' "$key" >"$demo/learning.md"
if "$bin" --log-level warn scan "$demo/learning.md"; then echo "(nothing found)"; else echo "(exit $?: found)"; fi

# The other half of the loop: learnings go into the project's own repo and reach another machine.
# Two clones of one bare remote stand in for the laptop and the VM; the lines of learnings.txt stand in
# for what the model wrote after reading the sessions above.
git_quiet() { git -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
export GIT_AUTHOR_NAME="Demo Dev" GIT_AUTHOR_EMAIL=dev@example.com
export GIT_COMMITTER_NAME="Demo Dev" GIT_COMMITTER_EMAIL=dev@example.com
git_quiet init --bare "$demo/remote.git"
git_quiet clone "$demo/remote.git" "$demo/laptop"
printf '# acme-api\n' >"$demo/laptop/README.md"
git_quiet -C "$demo/laptop" add README.md
git_quiet -C "$demo/laptop" commit -m "first commit"
git_quiet -C "$demo/laptop" push -u origin HEAD
git_quiet clone "$demo/remote.git" "$demo/vm"
learnings="$root/tests/data/demo/learnings.txt"
on_laptop=("$bin" --log-level warn --project "$demo/laptop")

step "A dry run shows the exact diff and commit message, and writes nothing" \
  "context-sync commit --dry-run --machine laptop - < learnings.txt"
"${on_laptop[@]}" commit --dry-run --machine laptop - <"$learnings"

step "A learning that quotes a secret is refused, and nothing is written" \
  "context-sync commit --machine laptop 'Deploy with ANTHROPIC_API_KEY=sk-ant-…'"
if "${on_laptop[@]}" commit --machine laptop "Deploy with \`ANTHROPIC_API_KEY=$key make deploy\`"; then
  echo "(unexpectedly accepted)"
  exit 1
else
  echo "(exit $?: refused; git status is still clean: '$(git -C "$demo/laptop" status --porcelain)')"
fi

step "Commit and push the learnings from the laptop" "context-sync commit --machine laptop - < learnings.txt"
"${on_laptop[@]}" commit --machine laptop - <"$learnings"
git -C "$demo/laptop" log --oneline -1

step "On the VM, a plain git pull brings them, and CLAUDE.md imports them" \
  "git pull && cat .claude/learnings.md .claude/CLAUDE.md"
git -C "$demo/vm" pull -q
cat "$demo/vm/.claude/learnings.md"
echo "--- .claude/CLAUDE.md"
cat "$demo/vm/.claude/CLAUDE.md"
