#!/bin/bash
# judge-run: runs the compiled program on one test's stdin.txt.
# The program's own exit code goes into Data; the actor itself exits 0 so the state machine can
# classify the run (RE, MLE, TLE) instead of failing. The container's timeout (the actor's
# executionTimeout) is the hard limit; TIME_LIMIT_SECONDS is the test's time limit.
set -u
chmod +x Main
start=$(date +%s%N)
timeout --signal=KILL "${TIME_LIMIT_SECONDS:-1}" ./Main < stdin.txt > stdout.txt 2> stderr.txt
rc=$?
end=$(date +%s%N)
elapsed=$(( (end - start) / 1000000 ))
# timeout(1) with KILL exits 137, as an OOM kill does; the elapsed time tells them apart, and the
# state machine checks the container's OOM kill first (a slow OOM kill is still MLE).
timed_out=false
if [ "$rc" -eq 137 ] && [ "$elapsed" -ge $(( ${TIME_LIMIT_SECONDS:-1} * 1000 )) ]; then
  timed_out=true
fi
printf '{"Outputs":["stdout.txt","stderr.txt"],"Data":{"exitCode":%d,"timeMs":%d,"timedOut":%s}}\n' \
  "$rc" "$elapsed" "$timed_out" > return.json
