#!/bin/bash
# Baseline of issue 6's benchmark (b): the judge's docker runs done by hand with the docker CLI, with
# the parallelism Joy has (MaxRunningJobs per node): compile, then run + compare for every test in
# parallel over both nodes, then summarize. Usage: judge-baseline.sh WORKDIR PARALLELISM
# WORKDIR holds Main.c, input_N.txt, output_N.txt and the judge's scripts (compile.sh run.sh compare.sh summarize.sh).
set -euo pipefail
W=$1; P=$2
S=${JOY_STATE_DIR:-/var/lib/joy-dev}
NODES=("-H unix://$S/node-1/docker.sock"
       "-H tcp://127.0.0.1:23762 --tlsverify --tlscacert $S/tls/ca.pem --tlscert $S/tls/client-cert.pem --tlskey $S/tls/client-key.pem")
export W S

# step NODE_INDEX DIR SCRIPT: runs SCRIPT in a fresh container with DIR/workdir as its work dir, copies the work dir back.
step() {
  local node=${NODES[$1]} dir=$2 script=$3 id
  id=$(docker $node create --network none --memory 512m --pids-limit 256 -w /workdir joy-runner:latest /bin/bash "$script")
  tar -C "$dir" -cf - workdir | docker $node cp - "$id:/"
  docker $node start -a "$id" > /dev/null
  rm -rf "$dir/workdir" && docker $node cp "$id:/workdir" "$dir/" && docker $node rm "$id" > /dev/null
}
export -f step

mkdir -p "$W/compile/workdir"; cp "$W"/Main.c "$W"/input_*.txt "$W"/output_*.txt "$W/compile.sh" "$W/compile/workdir/"
step 0 "$W/compile" compile.sh
tests=$(ls "$W"/input_*.txt | wc -l)

one_test() {
  local i=$1 node=$(( $1 % 2 )) d="$W/t$1"
  mkdir -p "$d/run/workdir" "$d/cmp/workdir"
  cp "$W/compile/workdir/Main" "$d/run/workdir/Main"; cp "$W/input_$i.txt" "$d/run/workdir/stdin.txt"; cp "$W/run.sh" "$d/run/workdir/"
  step "$node" "$d/run" run.sh
  cp "$d/run/workdir/stdout.txt" "$d/cmp/workdir/"; cp "$W/output_$i.txt" "$d/cmp/workdir/expected.txt"; cp "$W/compare.sh" "$d/cmp/workdir/"
  step "$node" "$d/cmp" compare.sh
  grep -q '"same":true' "$d/cmp/workdir/return.json" && echo AC > "$d/verdict" || echo WA > "$d/verdict"
}
export -f one_test
export NODES_0="${NODES[0]}" NODES_1="${NODES[1]}"
seq 1 "$tests" | xargs -P "$P" -I{} bash -c 'NODES=("$NODES_0" "$NODES_1"); one_test {}'

mkdir -p "$W/sum/workdir"; cp "$W/summarize.sh" "$W/sum/workdir/"
verdicts=$(for i in $(seq 1 "$tests"); do printf '{"verdict":"%s"},' "$(cat "$W/t$i/verdict")"; done)
echo "{\"tests\":[${verdicts%,}]}" > "$W/sum/workdir/input.json"
step 0 "$W/sum" summarize.sh
cat "$W/sum/workdir/return.json"
