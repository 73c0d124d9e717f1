#!/bin/sh
# Remote shards (doc/scale-out.md): two shards served by xapian-tcpsrv on
# 127.0.0.1 and listed in a stub rank every query of a fixed set exactly
# like the single index.  A shard that is down is an error, or with
# --allow-partial the other shard's results, a warning on stderr and
# "missing_shards" in the JSON summary; also when its server is killed
# in the middle of a searching session.
. "$abs_top_srcdir/tests/cli/lib.sh"

if ! command -v xapian-tcpsrv >/dev/null || ! command -v setsid >/dev/null; then
    skip "remote shards" "no xapian-tcpsrv or setsid (xapian-tools, util-linux)"
    done_testing
    exit $?
fi

# Servers started here are stopped on every way out.  Each runs in a
# process group of its own (setsid): on SIGTERM xapian-tcpsrv signals its
# whole group, to stop the child it forks per connection, and must not
# reach this script and make.
PIDS=""
stop_all() {
    for p in $PIDS; do kill -TERM "-$p" 2>/dev/null; done
    PIDS=""
}
trap 'stop_all; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 2' INT TERM

# serve DB: start xapian-tcpsrv for DB on a random free port of
# 127.0.0.1; sets $port and $pid.  A port another program took is
# noticed (the server exits) and another is tried.
serve() {
    for _try in 1 2 3 4 5 6 7 8 9 10; do
        port=$(( $(od -An -N2 -tu2 /dev/urandom) % 20000 + 30000 ))
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$1" \
            >"$TMP/srv.$port" 2>&1 &
        pid=$!
        for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
            grep -q Listening "$TMP/srv.$port" 2>/dev/null && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if grep -q Listening "$TMP/srv.$port"; then
            PIDS="$PIDS $pid"
            return 0
        fi
        kill -TERM "-$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    return 1
}

# kill_server PID: as if the host went away, with its connections.
kill_server() {
    kill -KILL "-$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# A corpus with varied lengths, so that scores differ.
mkdir -p "$TMP/src"
awk -v dir="$TMP/src" 'BEGIN {
    split("quality productive forces supply chain industry policy model " \
          "growth market energy vision digital reform", en, " ")
    split("新质生产力 产业链 供应链 中华民族 伟大复兴 人工智能 数字经济 " \
          "高质量发展 日本語の文章 東京都", cj, " ")
    for (i = 0; i < 240; i++) {
        f = sprintf("%s/f%04d.%s", dir, i, i % 9 == 4 ? "md" : "txt")
        if (i % 9 == 4) printf "# Note %d on %s\n\n", i, en[i % 14 + 1] > f
        for (l = 0; l <= (i * 11) % 17; l++)
            printf "Line %d of %d: %s %s %s%s.\n", l, i, en[(i + l) % 14 + 1],
                en[(i * 3 + l * 5) % 14 + 1], cj[(i + l) % 10 + 1],
                cj[(i * 7 + l) % 10 + 1] > f
        close(f)
    }
}'
cat >"$TMP/queries" <<'EOF'
quality
productive forces
"quality quality"
新质生产力
产业链 OR 数字经济
market -energy
title:note
ext:md
vision 日本語
p*
1*
qual* ind*
EOF

results() {
    while IFS= read -r q; do
        "$SEARCH" --index "$1" --json --limit 1000 -- "$q" 2>/dev/null |
            sed -n 's/^{"format_version":1,"type":"hit","rank":[0-9]*,"score":\([^,]*\),"path":"\([^"]*\)".*/\2	\1/p' |
            sed "s|^|$q	|"
    done <"$TMP/queries"
}
same_results() {
    if [ ! -s "$2" ]; then not_ok "$1" "no results at all"; return; fi
    diff=$(awk -F '\t' 'NR == FNR { q[FNR] = $1; p[FNR] = $2; s[FNR] = $3; n = FNR; next }
        { m = FNR
          if ($1 != q[FNR] || $2 != p[FNR]) { print "line " FNR ": " $1 " " $2 " vs " q[FNR] " " p[FNR]; exit }
          d = $3 - s[FNR]; if (d < 0) d = -d
          if (d > 1e-9) { print "line " FNR ": " $1 ": score " $3 " vs " s[FNR]; exit } }
        END { if (m != n) print m " hits vs " n }' "$2" "$3")
    if [ -z "$diff" ]; then ok "$1"; else not_ok "$1" "$diff"; fi
}

cd "$TMP/src" || exit 2
expect_rc "a single index" 0 "$INDEX" -q --index "$TMP/one" .
expect_rc "2 shards" 0 "$INDEX" -q --index "$TMP/two" --shards 2 .
serve "$TMP/two/shard0" && pid0=$pid port0=$port
serve "$TMP/two/shard1" && pid1=$pid port1=$port
if [ -z "${pid0:-}" ] || [ -z "${pid1:-}" ]; then
    not_ok "xapian-tcpsrv serves both shards" "$(cat "$TMP"/srv.* 2>/dev/null)"
    done_testing
    exit $?
fi
ok "xapian-tcpsrv serves both shards (ports $port0 $port1)"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port0" "$port1" >"$TMP/remote.stub"

results "$TMP/one" >"$TMP/r.one"
results "$TMP/remote.stub" >"$TMP/r.remote"
expect_eq "every query of the set has hits" \
    "$(cut -f1 "$TMP/r.one" | sort -u | wc -l)" "$(wc -l <"$TMP/queries")"
same_results "2 remote shards rank like the single index (paths, order, scores)" \
    "$TMP/r.one" "$TMP/r.remote"
expect_rc "metadata comes through the remote stub too (the tokenizer check)" 0 \
    "$SEARCH" --index "$TMP/remote.stub" --files quality

# Every remote shard's schema is checked, not only the first's: a copy
# of shard 1 marked as written by a newer sousuo.
cp -R "$TMP/two/shard1" "$TMP/newer1"
"$DBTOOL" set-meta "$TMP/newer1" sousuo.schema 99
if serve "$TMP/newer1"; then
    pidn=$pid
    printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port0" "$port" >"$TMP/newer.stub"
    expect_rc "a remote shard of a newer schema is refused" 2 \
        "$SEARCH" --index "$TMP/newer.stub" quality
    expect_match "...naming it" "$err" \
        "shard 'remote 127.0.0.1:$port' of index '$TMP/newer.stub' has schema 99; .*newer sousuo"
    kill_server "$pidn"
else
    not_ok "xapian-tcpsrv serves the copy" "$(cat "$TMP"/srv.* 2>/dev/null)"
fi
# ...and its tokenizer: a copy of shard 1 marked as built by another.
cp -R "$TMP/two/shard1" "$TMP/othertok1"
"$DBTOOL" set-meta "$TMP/othertok1" sousuo.tokenizer other/9
if serve "$TMP/othertok1"; then
    pidn=$pid
    printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port0" "$port" >"$TMP/othertok.stub"
    expect_rc "a remote shard of another tokenizer is refused" 2 \
        "$SEARCH" --index "$TMP/othertok.stub" quality
    expect_match "...naming it" "$err" \
        "shard 'remote 127.0.0.1:$port' of index '$TMP/othertok.stub' was built by tokenizer 'other/9' but this is '[^']+': re-index with sousuo-index --full"
    kill_server "$pidn"
else
    not_ok "xapian-tcpsrv serves the copy" "$(cat "$TMP"/srv.* 2>/dev/null)"
fi

# What shard 0 alone answers: the reference for partial results.
"$SEARCH" --index "$TMP/two/shard0" --json --limit 1000 quality 2>/dev/null |
    grep '"type":"hit"' >"$TMP/alone0"

# A server that is down when the search starts.
kill_server "$pid1"
expect_rc "a shard down: an error" 2 "$SEARCH" --index "$TMP/remote.stub" quality
expect_match "...which names the shard" "$err" "NetworkError.*127.0.0.1:$port1"
expect_match "...and offers --allow-partial" "$err" "--allow-partial searches the others"
expect_rc "--allow-partial: the live shard's results" 0 \
    "$SEARCH" --index "$TMP/remote.stub" --allow-partial --json --limit 1000 quality
expect_eq "...exactly what that shard alone answers" \
    "$(printf '%s\n' "$out" | grep '"type":"hit"')" "$(cat "$TMP/alone0")"
expect_match "...a warning on stderr" "$err" \
    "warning: shard 'remote 127.0.0.1:$port1' is down; results are from the other shards only"
expect_match "...missing_shards in the JSON summary" \
    "$(printf '%s\n' "$out" | grep '"type":"summary"')" \
    "\"missing_shards\":\\[\"remote 127.0.0.1:$port1\"\\]"
expect_rc "every shard down, even with --allow-partial: an error" 2 \
    sh -c "printf 'remote 127.0.0.1:$port1\n' >'$TMP/dead.stub' &&
           '$SEARCH' --index '$TMP/dead.stub' --allow-partial quality"
expect_match "...saying no shard can be reached" "$err" "no shard can be reached"

# A server killed in the middle of a session: sousuo-search --batch has
# both shards open and has answered a query when the server goes away.
# session [OPTION]: run two queries, killing shard 1's server between
# them; output in $TMP/s.out, $TMP/s.err, exit status in $src.
session() {
    serve "$TMP/two/shard1" && pid1=$pid port1=$port
    printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port0" "$port1" >"$TMP/remote.stub"
    rm -f "$TMP/q.fifo"
    mkfifo "$TMP/q.fifo"
    "$SEARCH" --index "$TMP/remote.stub" --batch - --json --limit 1000 "$@" \
        <"$TMP/q.fifo" >"$TMP/s.out" 2>"$TMP/s.err" &
    spid=$!
    exec 8>"$TMP/q.fifo"
    printf 'before\tquality\n' >&8
    for _ in $(seq 1 100); do
        grep -q '"qid":"before".*"type":"summary"\|"type":"summary".*"qid":"before"' "$TMP/s.out" && break
        sleep 0.05
    done
    kill_server "$pid1"
    printf 'after\tquality\n' >&8
    exec 8>&-
    wait "$spid"
    src=$?
}
session
expect_eq "killed mid-session: the batch reports a failure" "$src" "2"
expect_eq "...the first query had both shards" \
    "$(grep '"qid":"before"' "$TMP/s.out" | grep -c '"type":"hit"')" \
    "$(grep -c '^quality	' "$TMP/r.one")"
expect_match "...the next one is an error record" "$(grep '"qid":"after"' "$TMP/s.out")" \
    '"type":"error"'
expect_match "...naming the network failure" "$(cat "$TMP/s.err")" "NetworkError"
expect_match "...and the shard that went away" "$(cat "$TMP/s.err")" \
    "127\.0\.0\.1:$port1"
expect_eq "...not the live one" \
    "$(grep -c "127\.0\.0\.1:$port0" "$TMP/s.err")" 0
session --allow-partial
expect_eq "killed mid-session with --allow-partial: exit 0" "$src" "0"
expect_eq "...the next query answers from the live shard alone" \
    "$(grep '"qid":"after"' "$TMP/s.out" | grep '"type":"hit"' |
       sed 's/"qid":"after",//')" "$(cat "$TMP/alone0")"
expect_match "...its summary lists the missing shard" \
    "$(grep '"qid":"after"' "$TMP/s.out" | grep '"type":"summary"')" \
    "\"missing_shards\":\\[\"remote 127.0.0.1:$port1\"\\]"
expect_match "...and stderr warns" "$(cat "$TMP/s.err")" \
    "warning: shard 'remote 127.0.0.1:$port1' is down"

done_testing
