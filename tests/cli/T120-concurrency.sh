#!/bin/sh
# Readers while sousuo-index rewrites the index under them: a CLI loop, a
# --batch run and a --serve session.  Every file says either "alpha" or
# "beta" and each pass of the writer turns all of them to the other word,
# committing every $batch documents.  So every committed revision has:
#   - "alpha OR beta" in all $n documents, "alpha beta" in none;
#   - "beta" in a whole number of batches, and the stored text of every
#     "beta" hit says beta (terms and stored data from one revision).
# Every answer is checked against that.  Then two writers at once.
. "$abs_top_srcdir/tests/cli/lib.sh"

n=600
batch=10
passes=6
mkdir -p "$TMP/t"
cd "$TMP/t" || exit 2

# write WORD: every file says WORD (the order of the walk, d*/f*).
write() {
    i=0
    while [ $i -lt $n ]; do
        [ $((i % 50)) = 0 ] && mkdir -p "d$((i / 50))"
        printf 'Version %s of file %d: everyone reads %s here.\n' "$1" $i "$1" \
            >"d$((i / 50))/f$i.txt"
        i=$((i + 1))
    done
}
write alpha
expect_rc "the first revision" 0 "$INDEX" -q .

# The writer: $passes passes, alpha -> beta -> alpha ..., then "done".
# A failed pass commits its last, partial batch: that breaks the
# invariant for the readers too, so the writer stops there.
writer() {
    p=0
    while [ $p -lt $passes ]; do
        if [ $((p % 2)) = 0 ]; then write beta; else write alpha; fi
        if ! "$INDEX" -q --batch $batch .; then
            echo "writer: pass $p failed (the readers' reports may follow from it)"
            break
        fi
        p=$((p + 1))
    done
    : >"$TMP/writer.done"
}

# beta_ok COUNT: a number of "beta" documents a committed revision has.
beta_ok() {
    case $1 in ''|*[!0-9]*) return 1 ;; esac
    [ $(($1 % batch)) = 0 ] && [ "$1" -le $n ]
}

# The CLI loop: one search process per query, until the writer is done.
cli_loop() {
    while [ ! -f "$TMP/writer.done" ]; do
        c=$("$SEARCH" --count 'alpha OR beta' 2>&1)
        [ "$c" = $n ] || echo "cli: 'alpha OR beta' counted: $c"
        c=$("$SEARCH" --count 'alpha beta' 2>&1)
        [ "$c" = 0 ] || echo "cli: 'alpha beta' counted: $c"
        "$SEARCH" --json --limit 1000 beta >"$TMP/cli.json" 2>&1
        rc=$?
        t=$(sed -n 's/.*"type":"summary".*"total":\([0-9]*\),.*/\1/p' "$TMP/cli.json")
        hits=$(grep -c '"type":"hit"' "$TMP/cli.json")
        if { [ $rc = 0 ] || { [ $rc = 1 ] && [ "$t" = 0 ]; }; } && beta_ok "$t" &&
           [ "$hits" = "$t" ] && ! grep -q alpha "$TMP/cli.json" &&
           [ "$(grep -c '"snippet":"Version beta of file' "$TMP/cli.json")" = "$t" ]; then
            echo "$t" >>"$TMP/cli.seen"
        else
            echo "cli: exit $rc, an inconsistent beta answer: $(head -c 300 "$TMP/cli.json")"
        fi
    done
}

# The batch loop: one process, one open index, many queries.
i=0
while [ $i -lt 50 ]; do
    printf 'or%d\talpha OR beta\nbeta%d\tbeta\n' $i $i
    i=$((i + 1))
done >"$TMP/queries"
batch_loop() {
    while [ ! -f "$TMP/writer.done" ]; do
        "$SEARCH" --batch "$TMP/queries" --limit 1000 >"$TMP/batch.tsv" 2>"$TMP/batch.err"
        rc=$?
        [ $rc = 0 ] || echo "batch: exit $rc: $(head -3 "$TMP/batch.err")"
        # Hits per query id: "alpha OR beta" all, "beta" whole batches.
        cut -f1 "$TMP/batch.tsv" | sort | uniq -c | while read -r c q; do
            case $q in
            or*) [ "$c" = $n ] || echo "batch: $q has $c hits" ;;
            beta*) beta_ok "$c" || echo "batch: $q has $c hits" ;;
            esac
        done
        echo x >>"$TMP/batch.runs"
    done
}

# The server, driven through a FIFO as in T090.
mkfifo "$TMP/req" || exit 2
: >"$TMP/resp"
"$SEARCH" --serve <"$TMP/req" >"$TMP/resp" 2>"$TMP/serve.err" &
spid=$!
exec 3>"$TMP/req"
nreq=0
wait_reply() {
    _i=0
    while [ "$(wc -l <"$TMP/resp")" -lt "$nreq" ]; do
        _i=$((_i + 1))
        if [ $_i -gt 1200 ] || ! kill -0 "$spid" 2>/dev/null; then
            reply="(no reply to request $nreq)"
            return
        fi
        sleep 0.05
    done
    reply=$(sed -n "${nreq}p" "$TMP/resp")
}
ask() {
    printf '%s\n' "$1" >&3
    nreq=$((nreq + 1))
    wait_reply
}

rm -f "$TMP/writer.done"
writer >"$TMP/writer.log" 2>&1 &
wpid=$!
cli_loop >"$TMP/cli.log" 2>&1 &
cpid=$!
batch_loop >"$TMP/batch.log" 2>&1 &
bpid=$!
bad="" seen="" answers=0
while [ ! -f "$TMP/writer.done" ]; do
    ask '{"id":1,"type":"count","query":"alpha OR beta"}'
    [ "$reply" = "{\"id\":1,\"type\":\"count\",\"count\":$n}" ] || bad="$bad
$reply"
    ask '{"id":2,"type":"count","query":"alpha beta"}'
    [ "$reply" = '{"id":2,"type":"count","count":0}' ] || bad="$bad
$reply"
    ask '{"id":3,"type":"search","query":"beta","limit":1000}'
    t=$(printf '%s\n' "$reply" | sed -n 's/^{"id":3,"type":"search","query":"beta","total":\([0-9]*\),.*/\1/p')
    r=$(printf '%s\n' "$reply" | sed -n 's/.*"returned":\([0-9]*\),.*/\1/p')
    hits=$(printf '%s\n' "$reply" | grep -o '"snippet":"Version beta of file' | wc -l | tr -d ' ')
    if beta_ok "$t" && [ "$r" = "$t" ] && [ "$hits" = "$t" ] &&
       ! printf '%s\n' "$reply" | grep -q alpha; then
        seen="$seen $t"
    else
        bad="$bad
$(printf '%s\n' "$reply" | head -c 300)"
    fi
    answers=$((answers + 3))
done
wait $wpid
wait $cpid
wait $bpid

expect_eq "the writer's $passes passes of $n files, committing every $batch" \
    "$(cat "$TMP/writer.log")" ""
expect_eq "--serve: $answers answers, each from one committed revision" "$bad" ""
distinct=$(echo $seen | tr ' ' '\n' | sort -u | wc -l | tr -d ' ')
echo "# --serve saw $distinct distinct beta counts:$seen" | head -c 2000
echo
expect_eq "...and the server moved through revisions as they were committed" \
    "$([ "$distinct" -ge 3 ] && echo yes)" yes
expect_eq "CLI loop: every answer from one committed revision" "$(cat "$TMP/cli.log")" ""
distinct=$(sort -u "$TMP/cli.seen" 2>/dev/null | wc -l | tr -d ' ')
echo "# the CLI loop ran $(wc -l <"$TMP/cli.seen" 2>/dev/null) searches, $distinct distinct beta counts"
expect_eq "...several revisions among them" "$([ "$distinct" -ge 2 ] && echo yes)" yes
expect_eq "--batch loop: every answer from one committed revision" "$(cat "$TMP/batch.log")" ""
echo "# the --batch loop ran $(wc -l <"$TMP/batch.runs" 2>/dev/null) times"

# The last pass wrote "alpha" ($passes is even): the server answers from
# the final revision on its next request, without a restart.
ask '{"id":4,"type":"count","query":"beta"}'
expect_eq "after the last commit the server answers from it" "$reply" \
    '{"id":4,"type":"count","count":0}'
printf 'The zebrafish swims.\n' >zebra.txt
"$INDEX" -q .
ask '{"id":5,"type":"count","query":"zebrafish"}'
expect_eq "...and from the next one, right after sousuo-index exits" "$reply" \
    '{"id":5,"type":"count","count":1}'
exec 3>&-
wait $spid
expect_eq "the server ends cleanly" "$?" 0
expect_eq "...nothing on its stderr" "$(cat "$TMP/serve.err")" ""
expect_rc "xapian-check after it all" 0 xapian_check .sousuo

# start_first: a long run in the background ($first), returning once it
# holds the lock and has updated a file.
start_first() {
    # Emptied here: the child's 2> runs after fork, and until then grep
    # would find the last run's "update" lines and return too soon.
    : >"$TMP/first.err"
    "$INDEX" -v --batch $batch . >/dev/null 2>"$TMP/first.err" &
    first=$!
    _i=0
    until grep -q '^update ' "$TMP/first.err" || [ $_i -gt 400 ]; do
        sleep 0.02
        _i=$((_i + 1))
    done
}

# Two writers: while the first commits its batches, the second fails at
# once with the lock message and leaves the index to the first.
write beta
start_first
start=$(date +%s)
expect_rc "a second sousuo-index while the first runs" 2 timeout 20 "$INDEX" .
end=$(date +%s)
expect_match "...is told the index is locked" "$err" \
    "cannot open index '.*': locked by another sousuo-index"
expect_eq "...at once (in $((end - start)) s)" "$([ $((end - start)) -le 5 ] && echo yes)" yes
if kill -0 $first 2>/dev/null; then
    ok "...while the first was still running"
else
    skip "...while the first was still running" "the first finished too soon"
fi
wait $first
expect_eq "the first writer finishes its run" "$?" 0
expect_match "...having updated every file" "$(tail -1 "$TMP/first.err")" \
    " 0 added, $n updated, 0 removed"
expect_rc "...and the index has its work" 0 "$SEARCH" --count beta
expect_eq "...all of it" "$out" "$n"

# With --wait the others wait for the lock instead, as the editors' save
# hooks run them: one run per saved file, some while a long run holds
# the index.  Every one lands, with the file as it was saved.
write alpha
start_first
waiters=
for w in 1 2 3 4; do
    printf 'Saved while locked: waitword%d.\n' $w >"w$w.txt"
    "$INDEX" -q --wait 60 "$PWD/w$w.txt" 2>"$TMP/w$w.err" &
    waiters="$waiters $!"
done
if kill -0 $first 2>/dev/null; then
    ok "four --wait runs start while a long run holds the index"
else
    skip "four --wait runs start while a long run holds the index" \
        "the first finished too soon"
fi
w=1
for pid in $waiters; do
    wait $pid
    rc=$?
    expect_eq "...--wait run $w exits 0 ($(head -c 200 "$TMP/w$w.err"))" "$rc" 0
    w=$((w + 1))
done
wait $first
rc=$? # before any $(...) below sets $? anew
expect_eq "...and so does the long run ($(tail -c 300 "$TMP/first.err"))" "$rc" 0
for w in 1 2 3 4; do
    expect_rc "...file $w is searchable as saved" 0 "$SEARCH" --count waitword$w
    expect_eq "...once" "$out" 1
done
expect_rc "--wait takes seconds" 2 "$INDEX" --wait soon .
expect_match "...and says so" "$err" "--wait needs a number of seconds"

done_testing
