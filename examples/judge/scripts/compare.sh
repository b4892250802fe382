#!/bin/bash
# judge-compare: stdout.txt against expected.txt, ignoring trailing spaces and blank lines at the end.
set -u
if diff -q --strip-trailing-cr -Z -B stdout.txt expected.txt > /dev/null; then
  same=true
else
  same=false
fi
printf '{"Data":{"same":%s}}\n' "$same" > return.json
