#!/bin/sh
# The disk fills up under sousuo-index: a clear error and exit 2; the last
# committed revision stays intact and searchable, every document in it
# whole; once there is room again, the next run completes the index into
# what a clean build gives.  Needs root (a small tmpfs mounted here).
. "$abs_top_srcdir/tests/cli/lib.sh"

MNT="$TMP/mnt"
mkdir -p "$MNT"
if [ "$(id -u)" != 0 ]; then
    skip "disk full" "needs root to mount a small tmpfs"
    done_testing
    exit
fi
if ! mount -t tmpfs -o size=2m sousuo-test "$MNT" 2>"$TMP/mount.err"; then
    skip "disk full" "cannot mount a tmpfs: $(cat "$TMP/mount.err")"
    done_testing
    exit
fi
trap 'umount "$MNT" 2>/dev/null || umount -l "$MNT"; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# 2000 files of about 1.4 KB (mixed English and CJK), each with the word
# "corpus": a few MB of index, more than 2 MB can hold.
mkdir -p "$TMP/src"
awk -v dir="$TMP/src" 'BEGIN {
    for (i = 0; i < 2000; i++) {
        if (i % 100 == 0) system("mkdir -p " dir "/d" int(i / 100))
        f = sprintf("%s/d%d/f%04d.txt", dir, int(i / 100), i)
        for (l = 0; l < 12; l++)
            printf "Line %d of file %d: corpus u%dx w%dy 新质生产力%d 产业链 日本語の文章%d\n",
                l, i, i, (i * 7 + l) % 997, l, i % 50 > f
        close(f)
    }
}'
cp -R "$TMP/src" "$TMP/clean"
"$INDEX" -q "$TMP/clean"
"$DBTOOL" dump "$TMP/clean/.sousuo" >"$TMP/clean.dump"

# index ARGS...: run sousuo-index, $rc and $err its outcome.
index() {
    "$INDEX" -q "$@" >"$TMP/.out" 2>"$TMP/.err"
    rc=$?
    err=$(cat "$TMP/.err")
}

# full WHAT: the checks after a run that hit the full disk ($rc, $err).
full() {
    expect_eq "$1: exit 2" "$rc" 2
    expect_match "$1: ...says the disk is full" "$err" \
        "^sousuo-index: .*No space left on device"
    expect_eq "$1: ...in one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
    expect_rc "$1: xapian-check finds no error" 0 xapian_check "$MNT/idx"
    docs=$(dumped_docs "$MNT/idx")
    expect_rc "$1: the index opens and a search counts every document" 0 \
        "$SEARCH" --index "$MNT/idx" --count corpus
    expect_eq "$1: ...$docs of them" "$out" "${docs:-none}"
    expect_eq "$1: ...at least those committed before" \
        "$([ "${docs:-0}" -ge "$2" ] && echo yes)" yes
    expect_rc "$1: a CJK phrase search works" 0 \
        "$SEARCH" --index "$MNT/idx" --limit 2 --color=never 新质生产力
    "$DBTOOL" dump "$MNT/idx" | grep '^Q' | grep -vxF -f "$TMP/clean.dump" >"$TMP/torn"
    expect_eq "$1: every document in it is whole" "$(head -3 "$TMP/torn")" ""
}

# room WHAT: more space, then the next run completes the index.
room() {
    mount -o remount,size=64m "$MNT"
    expect_rc "$1: with room again, the next run completes" 0 \
        "$INDEX" -q --index "$MNT/idx" "$TMP/k"
    "$DBTOOL" dump "$MNT/idx" >"$TMP/k.dump"
    expect_eq "$1: ...and the index equals a clean build" \
        "$(cmp "$TMP/clean.dump" "$TMP/k.dump" 2>&1 && echo same)" "same"
    rm -rf "$MNT/idx" "$TMP/k"
    mount -o remount,size=2m "$MNT"
}

# 1. The disk fills while a batch is committed.
cp -R "$TMP/src" "$TMP/k"
mkdir "$TMP/later"
mv "$TMP/k"/d[3-9] "$TMP/k"/d1* "$TMP/later"
expect_rc "a first index of 200 files (d0, d2) fits" 0 "$INDEX" -q --index "$MNT/idx" "$TMP/k"
mv "$TMP/later"/* "$TMP/k"
index --batch 100 --index "$MNT/idx" "$TMP/k"
full "adding 1800 more, committing every 100" 200
room "adding 1800 more, committing every 100"

# 2. The disk fills while Xapian flushes inside a document update (its
# own flush threshold, far below our batch size).
cp -R "$TMP/src" "$TMP/k"
XAPIAN_FLUSH_THRESHOLD=37 index --batch 100000 --index "$MNT/idx" "$TMP/k"
full "full while flushing inside an update" 0
room "full while flushing inside an update"

# 2b. Small batches: many commits, so the disk fills at many points.
# Some of them make Xapian 1.4.22 call std::terminate() (it did at
# --batch 7 here); sousuo-index still says the disk is full, in one line,
# and exits 2 (indexer/abort.c).
for b in 5 7 13; do
    cp -R "$TMP/src" "$TMP/k"
    index --batch $b --index "$MNT/idx" "$TMP/k"
    full "committing every $b" 0
    expect_eq "committing every $b: ...no abort from Xapian" \
        "$(printf '%s\n' "$err" | grep -c 'terminate called')" 0
    room "committing every $b"
done

# 3. Full before the first commit: nothing was ever committed.
mount -o remount,size=12k "$MNT"
cp -R "$TMP/src" "$TMP/k"
index --index "$MNT/idx" "$TMP/k"
expect_eq "full before the first commit: exit 2" "$rc" 2
expect_match "...says the disk is full" "$err" "No space left on device"
# Xapian may have written its empty revision 0, or not even that.
"$SEARCH" --index "$MNT/idx" corpus >"$TMP/.out" 2>&1
rc=$?
if { [ $rc = 1 ] && { [ -f "$MNT/idx/iamglass" ] || [ -f "$MNT/idx/XAPIANDB" ]; }; } ||
   { [ $rc = 2 ] && grep -q "cannot open index" "$TMP/.out"; }; then
    ok "...searching finds an empty index or none (exit $rc)"
else
    not_ok "...searching finds an empty index or none" "exit $rc: $(cat "$TMP/.out")"
fi
room "full before the first commit"

# 3b. Room for a build but not for the compaction that merges its parts
# at the end: the parts stay, complete and searchable; a warning, exit 0;
# with room again, the next run merges them.  The sizes come from a run
# with room: "compacted 2 databases into compact: PARTS MB -> ONE MB".
mount -o remount,size=64m "$MNT"
cp -R "$TMP/src" "$TMP/k"
"$INDEX" -v --jobs 2 --index "$MNT/idx" "$TMP/k" 2>"$TMP/sizes"
sizes=$(sed -n 's/.*compacted 2 databases into compact: \([0-9.]*\) MB -> \([0-9.]*\) MB.*/\1 \2/p' "$TMP/sizes")
rm -rf "$MNT/idx"
# KB: the parts and 5% (tmpfs counts whole pages), and half the merged
# database, which the compaction then cannot write.
room=$(echo "$sizes" | awk '{ printf "%d", $1 * 1000 * 1.05 + $2 * 1000 / 2 }')
mount -o remount,size=${room:-1}k "$MNT"
index --jobs 2 --index "$MNT/idx" "$TMP/k"
expect_eq "no room to merge the parts: exit 0" "$rc" 0
expect_match "...warns that the index is complete but not compacted" "$err" \
    "^sousuo-index: warning: the index is complete but was not compacted: .*No space left on device"
expect_eq "...the two parts stay, nothing half-written beside them" \
    "$(ls "$MNT/idx" | tr '\n' ' ')" "XAPIANDB part0 part1 sousuo.lock "
expect_rc "...which xapian-check passes" 0 xapian_check "$MNT/idx"
"$DBTOOL" dump "$MNT/idx" >"$TMP/k.dump"
expect_eq "...and which equal a clean build" \
    "$(cmp "$TMP/clean.dump" "$TMP/k.dump" 2>&1 && echo same)" "same"
mount -o remount,size=64m "$MNT"
expect_rc "with room again, the next run" 0 "$INDEX" -v --index "$MNT/idx" "$TMP/k"
expect_match "...merges the parts" "$err" "compacted 2 databases into compact: "
expect_eq "...into one database" "$(ls "$MNT/idx" | tr '\n' ' ')" "XAPIANDB compact sousuo.lock "
"$DBTOOL" dump "$MNT/idx" >"$TMP/k.dump"
expect_eq "...equal to a clean build" \
    "$(cmp "$TMP/clean.dump" "$TMP/k.dump" 2>&1 && echo same)" "same"
rm -rf "$MNT/idx" "$TMP/k"
mount -o remount,size=2m "$MNT"

# 4. Full while an incremental run rewrites every file: what was
# committed is a mix of old and new documents, each one whole.
cp -R "$TMP/src" "$TMP/k"
mount -o remount,size=64m "$MNT"
"$INDEX" -q --index "$MNT/idx" "$TMP/k"
used=$(du -sk "$MNT" | cut -f1)
mount -o remount,size=$((used + 200))k "$MNT"
for f in "$TMP"/k/d1*/f*.txt; do
    printf 'A second edition of the file: corpus 第二版 %s\n' "$f" >>"$f"
done
cp -R "$TMP/k" "$TMP/k2"
rm -rf "$TMP/k2/.sousuo"
"$INDEX" -q "$TMP/k2"
"$DBTOOL" dump "$TMP/k2/.sousuo" >"$TMP/k2.dump"
cat "$TMP/k2.dump" >>"$TMP/clean.dump" # both versions are whole
index --batch 50 --index "$MNT/idx" "$TMP/k"
full "rewriting 1000 files with 200 KB to spare" 2000
expect_eq "...no document lost" "$docs" 2000
cp "$TMP/k2.dump" "$TMP/clean.dump"
room "rewriting 1000 files with 200 KB to spare"

done_testing
