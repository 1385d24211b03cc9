/**
 * The pod agent's program: a BusyBox shell script, run as the agent container's only process besides
 * the socket proxy it starts (see agent-proxy.ts). It does for the pod what a kubelet does for a
 * Kubernetes pod, because Docker does not:
 *
 * 1. Delivery. Terraform uploads each consumer's files (nginx's, Prometheus's, Alertmanager's) into
 *    the agent's staging directory when it creates the agent. The agent copies them into a new
 *    revision directory of the consumer's config volume (named after their content), checks the
 *    revision inside the running consumer (`nginx -t`, `promtool check config`, ...), makes it
 *    current in one rename of the `current` link, and signals the consumer to reload (HUP). A
 *    revision the check or the reload rejects is not made current (or is rolled back): the old one
 *    keeps serving, the agent says why in its log and stays unhealthy, which fails the deploy.
 * 2. Supervision, every few seconds. A member whose start failed (Docker refuses to start a
 *    container whose pod is down: `cannot join network of a non running container`, which a daemon
 *    restart can cause, moby#50326) is started once its pod runs; a member still running in the
 *    network namespace of a pod that was restarted under it (moby#24935) is restarted into the new
 *    one. What a person stopped (no start error) is left alone, as Docker's restart policies leave it.
 *
 * It talks to the Docker Engine API through the proxy on its own loopback (BusyBox's wget cannot
 * reach a unix socket), with unversioned paths, so that any engine version answers.
 */
// Written with @{ for the shell's ${, which a template literal would read as its own.
export const AGENT_SCRIPT = String.raw`#!/bin/sh
# prometheus-tls-proxy pod agent: see lib/render/agent-script.ts. It stops on TERM, INT and QUIT (the nginx image's stop signal).
set -u
. /agent/manifest
API=http://127.0.0.1:2375
STATE=/agent/state
mkdir -p "$STATE" /agent/proxy
rm -f "$STATE/healthy" "$STATE"/rejected-*

log() { echo "agent: $*"; }

# api METHOD PATH [BODY]: the Engine API's answer on stdout; non-zero on an HTTP error. The timeout is
# timeout(1)'s: wget's own -T crashes Debian 12's BusyBox 1.35.
api() {
  if [ "$1" = POST ]; then
    timeout 120 wget -q -O - --header 'Content-Type: application/json' --post-data "@{3-}" "$API$2"
  else
    timeout 30 wget -q -O - "$API$2"
  fi
}

# field JSON NAME: the first string or scalar value of NAME in a one-line JSON document.
field() { printf '%s' "$1" | sed -n 's/^[^{]*{.*"'"$2"'":"\{0,1\}\([^",}]*\).*/\1/p' | head -n 1; }
running() { case "$1" in *'"State":{"Status":"running"'*) return 0 ;; esac; return 1; }

# A timestamp (RFC 3339, nanoseconds) as a string of digits that compares in time order.
stamp() { printf '%s' "$1" | sed -e 's/Z$//' -e 's/\.\([0-9]*\)$/.\1000000000/' -e 's/\(\.[0-9]\{9\}\)[0-9]*$/\1/' -e 's/[^0-9]//g'; }
earlier() { awk -v a="x$1" -v b="x$2" 'BEGIN { exit !(a < b) }'; }

# run_in CONTAINER JSON_ARGV: runs a command in a running container, its output on stdout, its exit code returned.
run_in() {
  exec_id=$(api POST "/containers/$1/exec" "{\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,\"Cmd\":$2}" | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')
  [ -n "$exec_id" ] || return 125
  api POST "/exec/$exec_id/start" '{"Detach":false,"Tty":true}'
  exec_code=$(field "$(api GET "/exec/$exec_id/json")" ExitCode)
  return "@{exec_code:-125}"
}

# revision DIRECTORY: a name for the files' paths, modes and contents.
revision() { (cd "$1" && find . -type f | sort | while read -r f; do stat -c '%a %n' "$f"; sha256sum "$f"; done) | sha256sum | cut -c1-16; }

# workers CONTAINER: the pids of nginx's worker processes.
workers() { run_in "$1" '["ps","-o","pid,args"]' | sed -n 's/^ *\([0-9]*\) nginx: worker process.*/\1/p' | sort | tr '\n' ' '; }

# reload CONSUMER CONTAINER: HUP, then the consumer's own word that it took the new revision.
reload() {
  eval "verify=\$$1_verify"
  case "$verify" in
    workers)
      before=$(workers "$2")
      api POST "/containers/$2/kill?signal=HUP" '' >/dev/null || return 1
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        sleep 0.5
        after=$(workers "$2")
        for pid in $after; do case " $before " in *" $pid "*) ;; *) return 0 ;; esac; done
      done
      log "$2 kept its workers after HUP: its error log says why"; return 1 ;;
    metrics:*)
      url=@{verify#metrics:}; metric=@{url##* }; url=@{url% *}
      sent=$(date +%s)
      api POST "/containers/$2/kill?signal=HUP" '' >/dev/null || return 1
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        sleep 0.5
        metrics=$(run_in "$2" "[\"wget\",\"-q\",\"-O\",\"-\",\"$url\"]")
        at=$(printf '%s\n' "$metrics" | sed -n "s/^@{metric}_success_timestamp_seconds \([0-9.e+]*\).*/\1/p" | awk '{ printf "%d", $1 }')
        ok=$(printf '%s\n' "$metrics" | sed -n "s/^@{metric}_successful \([01]\).*/\1/p")
        [ "$ok" = 0 ] && { log "$2 rejected the reload: see its log"; return 1; }
        [ "$ok" = 1 ] && [ "@{at:-0}" -ge "$sent" ] && return 0
      done
      log "$2 did not report the reload"; return 1 ;;
  esac
}

# deliver CONSUMER: makes the staged files the consumer's current revision (see the top of this file).
deliver() {
  c=$1
  eval "container=\$$1_container volume=\$$1_volume mount=\$$1_mount owner=\$$1_owner check=\$$1_check"
  rev=$(revision "/agent/staging/$c")
  current=$(readlink "$volume/current" 2>/dev/null || true)
  [ "$current" = "$rev" ] && return 0
  rm -rf "$volume/.incoming"
  cp -a "/agent/staging/$c" "$volume/.incoming" && chown -R "$owner" "$volume/.incoming" || { log "$c: could not write $volume"; return 1; }
  rm -rf "@{volume:?}/$rev" && mv "$volume/.incoming" "$volume/$rev"
  if running "$(api GET "/containers/$container/json" 2>/dev/null)"; then
    argv=$(printf '%s' "$check" | sed "s|{revision}|$mount/$rev|g")
    if ! output=$(run_in "$container" "$argv"); then
      log "$c: $container rejects revision $rev, $current stays current:"; printf '%s\n' "$output"
      echo "$output" > "$STATE/rejected-$c"; rm -rf "@{volume:?}/$rev"; return 1
    fi
    ln -s "$rev" "$volume/.current" && mv -T "$volume/.current" "$volume/current"
    started=$(date +%s)
    if ! reload "$c" "$container"; then
      [ -n "$current" ] && ln -s "$current" "$volume/.current" && mv -T "$volume/.current" "$volume/current"
      echo "reload refused" > "$STATE/rejected-$c"; return 1
    fi
    log "$c: revision $rev current, $container reloaded ($(( $(date +%s) - started )) s)"
  else
    ln -s "$rev" "$volume/.current" && mv -T "$volume/.current" "$volume/current"
    log "$c: revision $rev current, for $container's next start"
  fi
  # The revision before stays, for a look back; older ones go.
  for old in "$volume"/*; do
    name=@{old##*/}
    [ "$name" = current ] || [ "$name" = "$rev" ] || [ "$name" = "$current" ] || rm -rf "$old"
  done
}

# state_of JSON NAME: sets $value to a field of the document's State, by shell expansion: no process.
state_of() {
  value=@{1#*\"State\":\{}
  value=@{value%%\}*}
  case "$value" in
    *"\"$2\":"*) value=@{value#*\"$2\":}; value=@{value#\"}; value=@{value%%[\",]*} ;;
    *) value= ;;
  esac
}

# namespaces POD_STARTED: restarts each running member that started before its pod did (a stale namespace).
namespaces() {
  for m in $MEMBERS; do
    member=$(api GET "/containers/$m/json" 2>/dev/null) || continue
    running "$member" || continue
    state_of "$member" StartedAt
    if earlier "$(stamp "$value")" "$(stamp "$1")"; then
      log "$m runs in the network namespace of a $POD that was restarted: restarting it"
      api POST "/containers/$m/restart?t=$GRACE_SECONDS" '' >/dev/null
    fi
  done
}

# supervise: the members' starts and namespaces (see the top of this file). The pod's start time is
# compared closely only when it changed since the round before: most rounds cost one request per container.
pod_seen=
supervise() {
  pod=$(api GET "/containers/$POD/json" 2>/dev/null) || return 0
  if ! running "$pod"; then
    state_of "$pod" Error
    [ -n "$value" ] && { log "$POD did not start ($value): starting it"; api POST "/containers/$POD/start" '' >/dev/null; }
    return 0
  fi
  state_of "$pod" StartedAt
  if [ "$value" != "$pod_seen" ]; then
    pod_seen=$value
    namespaces "$value"
  fi
  for m in $MEMBERS; do
    member=$(api GET "/containers/$m/json" 2>/dev/null) || continue
    running "$member" && continue
    state_of "$member" Error
    [ -n "$value" ] || continue
    log "$m did not start ($value): starting it"
    api POST "/containers/$m/start" '' >/dev/null
  done
}

nginx -p /agent/proxy/ -c /agent/proxy.conf || { log "the Docker API proxy did not start"; exit 1; }
trap 'kill "$(cat /agent/proxy/nginx.pid)" 2>/dev/null; exit 0' TERM INT QUIT
# The proxy, and the engine behind it (still restoring its containers after a restart), answer before anything is judged.
for _ in $(seq 1 60); do api GET /_ping >/dev/null 2>&1 && break; sleep 0.5; done

delivered=0
for c in $CONSUMERS; do deliver "$c" || delivered=1; done
[ "$delivered" = 0 ] && : > "$STATE/healthy"
while :; do
  supervise
  sleep "$PERIOD_SECONDS" & wait $!
done
`.replace(/@\{/g, '${');

/** One process whose config the agent delivers. */
export interface AgentConsumer {
  /** A shell-variable-safe name: `nginx`, `prometheus`, `alertmanager`. */
  readonly name: string;
  /** Its container's name. */
  readonly container: string;
  /** Where the agent mounts the consumer's config volume. */
  readonly volumePath: string;
  /** Where the consumer mounts it: the revision's path in the check command is under it. */
  readonly mountPath: string;
  /** `uid:gid` of its files. */
  readonly owner: string;
  /** The check run in the consumer, `{revision}` standing for the revision's directory there. */
  readonly check: readonly string[];
  /**
   * How the agent knows the reload took: `workers` (nginx starts new worker processes) or
   * `metrics:URL NAME` (the consumer's `NAME_successful` and `NAME_success_timestamp_seconds`).
   */
  readonly verify: string;
}

export interface AgentManifestInput {
  readonly consumers: readonly AgentConsumer[];
  /** The pod's container and the members the agent keeps in it. */
  readonly pod: string;
  readonly members: readonly string[];
  /** How long a member restarted into a new pod may take to stop. */
  readonly graceSeconds: number;
  /** Seconds between two supervision rounds. */
  readonly periodSeconds: number;
}

const SAFE_NAME = /^[a-z][a-z0-9_]*$/;
const SAFE_VALUE = /^[A-Za-z0-9._:/@ {}=+-]*$/;

function assignment(name: string, value: string): string {
  if (!SAFE_NAME.test(name) && !/^[A-Z_]+$/.test(name)) throw new Error(`agent manifest: refusing the variable name ${JSON.stringify(name)}`);
  if (!SAFE_VALUE.test(value.replace(/[[\]",]/g, ''))) throw new Error(`agent manifest: refusing to render ${name}=${JSON.stringify(value)}`);
  return `${name}='${value}'`;
}

/** The manifest the script sources: its consumers, its pod and members, as shell assignments. */
export function renderAgentManifest(input: AgentManifestInput): string {
  const lines = [
    '# Rendered by prometheus-tls-proxy: what the pod agent delivers and supervises.',
    assignment('CONSUMERS', input.consumers.map((c) => c.name).join(' ')),
    assignment('POD', input.pod),
    assignment('MEMBERS', input.members.join(' ')),
    assignment('GRACE_SECONDS', String(input.graceSeconds)),
    assignment('PERIOD_SECONDS', String(input.periodSeconds)),
    ...input.consumers.flatMap((c) => [
      assignment(`${c.name}_container`, c.container),
      assignment(`${c.name}_volume`, c.volumePath),
      assignment(`${c.name}_mount`, c.mountPath),
      assignment(`${c.name}_owner`, c.owner),
      assignment(`${c.name}_check`, JSON.stringify(c.check)),
      assignment(`${c.name}_verify`, c.verify),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
