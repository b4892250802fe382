#!/bin/bash
# judge-compile: compiles Main.c and lists the test cases it was given.
# Always exits 0: a compile error is a verdict (CE), not a failure of the judge.
# Data: {compiled, exitCode, message, tests: [{name, input: {blob}, output: {blob}}]}
set -u

json_escape() {
  # JSON string body from stdin: backslash, quote, tab, CR; newlines joined as \n.
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r//g' | awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
}

rc=0
gcc -O2 -std=gnu11 -o Main Main.c -lm 2> compile.log || rc=$?
message=$(head -c 4096 compile.log | json_escape)

# Blob ids are the SHA-256 of the content, so the tests can be named by hash without another upload.
tests=""
i=1
while [ -f "input_$i.txt" ] && [ -f "output_$i.txt" ]; do
  input=$(sha256sum "input_$i.txt" | cut -d' ' -f1)
  output=$(sha256sum "output_$i.txt" | cut -d' ' -f1)
  tests="$tests${tests:+,}{\"name\":\"$i\",\"input\":{\"blob\":\"$input\"},\"output\":{\"blob\":\"$output\"}}"
  i=$((i + 1))
done

if [ "$rc" -eq 0 ]; then
  outputs='["Main"]'; compiled=true
else
  outputs='[]'; compiled=false
fi
printf '{"Outputs":%s,"Data":{"compiled":%s,"exitCode":%d,"message":"%s","tests":[%s]}}\n' \
  "$outputs" "$compiled" "$rc" "$message" "$tests" > return.json
