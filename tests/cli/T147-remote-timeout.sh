#!/bin/sh
# A remote shard whose host takes connections but never answers costs
# Xapian's remote timeout, 10 s, once (doc/scale-out.md): the open is not
# tried again as if it had raced a commit, and the error says what
# --allow-partial does.  The host is a python3 listener on 127.0.0.1
# that accepts and stays silent.
. "$abs_top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null; then
    skip "a silent remote shard" "no python3"
    done_testing
    exit $?
fi
LPID=""
trap '[ -z "$LPID" ] || kill "$LPID" 2>/dev/null; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 2' INT TERM

python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept()[0])
' >"$TMP/port" &
LPID=$!
for _ in $(seq 1 100); do
    [ -s "$TMP/port" ] && break
    sleep 0.1
done
port=$(cat "$TMP/port")
if [ -z "$port" ]; then
    not_ok "the silent listener starts"
    done_testing
    exit $?
fi
printf 'remote 127.0.0.1:%s\n' "$port" >"$TMP/silent.stub"

# With a retry per attempt the open took 60 s; one timeout is 10 s.
t0=$(date +%s)
expect_rc "a silent remote shard: an error" 2 \
    "$SEARCH" --index "$TMP/silent.stub" quality
secs=$(( $(date +%s) - t0 ))
expect_eq "...after one remote timeout, not one per retry (${secs} s)" \
    "$([ "$secs" -lt 20 ] && echo once)" once
expect_match "...naming the shard" "$err" \
    "NetworkTimeoutError: .*127\.0\.0\.1:$port"
expect_match "...and offering --allow-partial" "$err" \
    "^sousuo-search: a remote shard is down; --allow-partial searches the others$"

t0=$(date +%s)
expect_rc "--allow-partial, no other shard: an error" 2 \
    "$SEARCH" --index "$TMP/silent.stub" --allow-partial quality
secs=$(( $(date +%s) - t0 ))
expect_eq "...also after one timeout (${secs} s)" \
    "$([ "$secs" -lt 20 ] && echo once)" once
expect_eq "...saying no shard can be reached, on one line" "$err" \
    "sousuo-search: cannot open index '$TMP/silent.stub': no shard can be reached: remote 127.0.0.1:$port"

done_testing
