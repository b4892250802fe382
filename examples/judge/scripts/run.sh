#!/bin/bash
# judge-run: runs the compiled program on one test's stdin.txt.
# The program's own exit code goes into Data; the actor itself exits 0 so the state machine can
# classify the run (RE, MLE) instead of failing. Time and memory are the meter's, not this script's:
# the actor's cpuTimeLimitMs (the test's time limit) ends the run by CPU time, as a timeout (TLE),
# however loaded the machine is; its executionTimeout (3x that plus 1 s) bounds the wall clock for a
# program that sleeps or waits. Both count this script's few milliseconds too.
# The program runs with the highest OOM score, so the kernel's OOM killer takes it, never this script,
# first (a process may raise its own score). Should the killer still take the script too, the state
# machine's Actor.ExitCode catch tells the OOM kill from the result and gives MLE all the same.
set -u
chmod +x Main
(echo 1000 2>/dev/null > /proc/self/oom_score_adj; exec ./Main) < stdin.txt > stdout.txt 2> stderr.txt
printf '{"Outputs":["stdout.txt","stderr.txt"],"Data":{"exitCode":%d}}\n' "$?" > return.json
