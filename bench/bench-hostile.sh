#!/usr/bin/env bash
# bench/bench-hostile.sh - time and peak memory of sousuo-index and
# sousuo-search on hostile input at full size (tests/cli/T130 and T138
# assert the outcomes, at a smaller size unless SOUSUO_TEST_HUGE=1).
# Each case prints wall time, peak RSS (/usr/bin/time) and PASS, or FAIL
# when peak RSS is over the bound (--rss-max, default 500 MB: issue 4's
# "peak RSS under 500 MB whatever the corpus size") or the run did not
# end cleanly in time (--timeout for indexing, default 600 s;
# --query-timeout for a search, default 10 s), then what sousuo-index
# said it did.  Exit 1 if any failed.  Indexing runs with sousuo-index's
# default --max-size (64M) unless --max-size is given: the 200 MB lines
# are then skipped; `--max-size 0 --cases "line-a line-words"` reads them.
set -uo pipefail
export LC_ALL=C.UTF-8 NO_COLOR=1

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${BUILD:-$HERE/../_build/plain}
WORK=${TMPDIR:-/tmp}/sousuo-bench-hostile
RSS_MAX_MB=500
TIMEOUT=600
QTIMEOUT=10
MAX_SIZE=
CASES="line-a line-words big-files cjk-run cjk-long cjk-mixed nul-file many-files growing wildcards"

usage() {
	cat <<'EOF'
Usage: bench/bench-hostile.sh [--build DIR] [--work DIR] [--rss-max MB]
                              [--timeout S] [--max-size SIZE] [--cases "LIST"]

  --build DIR     a configured and built sousuo tree (default _build/plain)
  --work DIR      scratch space, removed at the end (needs about 1.5 GB)
  --rss-max MB    peak RSS bound for every case (default 500)
  --timeout S     time bound for every indexing run (default 600)
  --query-timeout S  time bound for every search (default 10)
  --max-size SIZE    sousuo-index --max-size for the indexing runs (default:
                  its own, 64M; nul-file always runs with 0)
  --cases LIST    subset of: line-a line-words big-files cjk-run cjk-long
                  cjk-mixed nul-file many-files growing wildcards

Cases:
  line-a       a 200 MB single line of 'a' (one huge token)
  line-words   a 200 MB single line of words (35 M tokens, 5,000 distinct)
  big-files    three 60 MB files of words (50,000 distinct, 10 a line):
               the biggest files the default --max-size lets in
  cjk-run      a 10 MB single line of random CJK (3.5 M characters, each
               bigram new: millions of distinct terms in one document);
               indexed up to INDEXDOC_MAX_TERMS (lib/indexdoc.h), then a
               search for its first characters
  cjk-long     a 60 MB file of CJK lines drawn from 500 characters (20 M
               characters, 250,000 possible bigrams): indexed up to
               INDEXDOC_MAX_POSTINGS
  cjk-mixed    both of those between 4,000 files of 15 KB of words: a
               document at a limit while the writer holds a batch
  nul-file     a 1 GB file of NULs named .txt, with --max-size 0 (binary:
               must be skipped from its first 8 KiB, not read whole)
  many-files   100,000 files in one folder: first run and no-change re-run
  growing      a file appended to by `yes` while it is indexed (at most
               256 MB: ulimit -f, so that it cannot fill the disk)
  wildcards    a query of 256 wildcards over an index of 200,000 terms
EOF
}

die() { printf 'bench-hostile: error: %s\n' "$*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--rss-max) RSS_MAX_MB=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--max-size) MAX_SIZE=$2; shift 2 ;;
	--query-timeout) QTIMEOUT=$2; shift 2 ;;
	--cases) CASES=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
case $RSS_MAX_MB in '' | *[!0-9]*) die "--rss-max needs a number of MB, not '$RSS_MAX_MB'" ;; esac
INDEX=$BUILD/indexer/sousuo-index
SEARCH=$BUILD/searcher/sousuo-search
[ -x "$INDEX" ] && [ -x "$SEARCH" ] || die "no sousuo-index/sousuo-search in $BUILD (build it first)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"

# The --max-size given to every indexing run, if any.
MAX_OPT=()
[ -n "$MAX_SIZE" ] && MAX_OPT=(--max-size "$MAX_SIZE")

rm -rf "$WORK"
mkdir -p "$WORK" || die "cannot create $WORK"
writer=
cleanup() {
	[ -n "$writer" ] && kill "$writer" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

failed=0
printf '%-12s %-44s %9s %10s %5s  %s\n' case run wall_s peak_MB exit result

# measure CASE WHAT CMD...: run CMD under the bounds; print a row.
measure() {
	local name=$1 what=$2 rc wall rss verdict limit=$TIMEOUT
	shift 2
	[ "$1" = "$SEARCH" ] && limit=$QTIMEOUT
	/usr/bin/time -f '%e %M' -o "$WORK/time" timeout "$limit" "$@" \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
	# (a failed command adds a line before the numbers)
	read -r wall rss < <(tail -1 "$WORK/time" 2>/dev/null) || { wall=?; rss=0; }
	case $rss in '' | *[!0-9]*) rss=0 ;; esac
	verdict=PASS
	if [ "$rc" = 124 ]; then verdict="FAIL (over $limit s)"; failed=1
	elif [ "$rc" -gt 2 ]; then verdict="FAIL (exit $rc)"; failed=1; fi
	if [ $((rss / 1024)) -gt "$RSS_MAX_MB" ]; then
		verdict="FAIL (over $RSS_MAX_MB MB)"
		failed=1
	fi
	printf '%-12s %-44s %9s %10s %5s  %s\n' "$name" "$what" "$wall" \
		$((rss / 1024)) "$rc" "$verdict"
	# the first messages, then the summary without the index's path
	grep -v '^sousuo-index: /' "$WORK/err" | head -3 | sed 's/^/             | /'
	sed -n 's/^sousuo-index: \/[^ ]*: \([0-9]* added, \)/\1/p' "$WORK/err" |
		sed 's/^/             | /'
}

fresh() { rm -rf "$WORK/t"; mkdir -p "$WORK/t"; }

for c in $CASES; do
	case $c in
	line-a)
		fresh
		{ head -c 200000000 /dev/zero | tr '\0' a; echo ' endofline'; } >"$WORK/t/a.txt"
		measure line-a "index a 200 MB line of one token" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		measure line-a "search it" "$SEARCH" --index "$WORK/t/.sousuo" endofline
		;;
	line-words)
		fresh
		awk 'BEGIN { for (i = 0; i < 34000000; i++) printf "w%d ", i % 5000; print "" }' \
			>"$WORK/t/w.txt"
		measure line-words "index a 200 MB line of words" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		measure line-words "search it (snippet from 200 MB)" "$SEARCH" --index "$WORK/t/.sousuo" w4999
		;;
	cjk-run)
		fresh
		python3 -c 'import random; random.seed(1); print("".join(chr(0x4e00 + random.randrange(3000)) for _ in range(3500000)))' \
			>"$WORK/t/cjk.txt" || die "python3 needed for cjk-run"
		measure cjk-run "index a 10 MB line of random CJK" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		measure cjk-run "search its first 6 characters" "$SEARCH" --index "$WORK/t/.sousuo" \
			--count "$(head -c 18 "$WORK/t/cjk.txt")"
		;;
	cjk-long)
		fresh
		python3 -c 'import random, sys; random.seed(2); w = sys.stdout.write
for _ in range(200000): w("".join(chr(0x4e00 + random.randrange(500)) for _ in range(100)) + "\n")' \
			>"$WORK/t/long.txt" || die "python3 needed for cjk-long"
		measure cjk-long "index a 60 MB file of CJK lines" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		measure cjk-long "search its first line" "$SEARCH" --index "$WORK/t/.sousuo" \
			--count "$(head -1 "$WORK/t/long.txt")"
		;;
	big-files)
		fresh
		awk 'BEGIN { for (i = 0; i < 9000000; i++) printf "w%d%s", (i * 7919) % 50000, i % 10 == 9 ? "\n" : " " }' | head -c 60000000 \
			>"$WORK/t/big1.txt"
		cp "$WORK/t/big1.txt" "$WORK/t/big2.txt"
		cp "$WORK/t/big1.txt" "$WORK/t/big3.txt"
		measure big-files "index three 60 MB files" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		;;
	cjk-mixed)
		fresh
		(cd "$WORK/t" && awk 'BEGIN { for (d = 0; d < 4000; d++) { f = sprintf("f%04d.txt", d); for (l = 0; l < 250; l++) { for (w = 0; w < 10; w++) printf "w%d ", (d * 7919 + l * 104729 + w * 31) % 300000 > f; printf "\n" > f } close(f) } }')
		python3 -c 'import random; random.seed(1); print("".join(chr(0x4e00 + random.randrange(3000)) for _ in range(3500000)))' \
			>"$WORK/t/f1000-cjk.txt" || die "python3 needed for cjk-mixed"
		python3 -c 'import random, sys; random.seed(2); w = sys.stdout.write
for _ in range(200000): w("".join(chr(0x4e00 + random.randrange(500)) for _ in range(100)) + "\n")' \
			>"$WORK/t/f3000-long.txt"
		measure cjk-mixed "index both among 4,000 files of words" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		;;
	nul-file)
		fresh
		head -c 1073741824 /dev/zero >"$WORK/t/nul.txt"
		printf 'small\n' >"$WORK/t/small.txt"
		measure nul-file "index a 1 GB file of NULs (skipped)" "$INDEX" --max-size 0 "$WORK/t"
		;;
	many-files)
		fresh
		mkdir "$WORK/t/one"
		(cd "$WORK/t/one" && awk 'BEGIN { for (i = 0; i < 100000; i++) { f = sprintf("f%06d.txt", i); printf "crowded file %d\n", i > f; close(f) } }')
		measure many-files "index 100,000 files in one folder" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		measure many-files "the no-change re-run" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		measure many-files "count them" "$SEARCH" --index "$WORK/t/.sousuo" --count crowded
		;;
	growing)
		fresh
		printf 'small\n' >"$WORK/t/small.txt"
		# ulimit -f counts 1024-byte blocks (bash): yes stops at 256 MB
		# (on EFBIG: SIGXFSZ ignored, so bash does not report a kill).
		(ulimit -f 262144; trap '' XFSZ; exec yes 'a log line that keeps coming') \
			>"$WORK/t/growing.txt" 2>/dev/null &
		writer=$!
		measure growing "index while a file grows (to 256 MB)" "$INDEX" "${MAX_OPT[@]}" "$WORK/t"
		kill "$writer" 2>/dev/null
		wait "$writer" 2>/dev/null
		writer=
		;;
	wildcards)
		fresh
		(cd "$WORK/t" && awk 'BEGIN { for (d = 0; d < 400; d++) { f = sprintf("g%03d.txt", d); for (l = 0; l < 500; l++) printf "w%d x%d ", d * 500 + l, (d * 37 + l * 101) % 200000 > f; printf "\n" > f; close(f) } }')
		"$INDEX" -q "$WORK/t"
		measure wildcards "one wildcard: w*" "$SEARCH" --index "$WORK/t/.sousuo" --count 'w*'
		measure wildcards "256 wildcards: w* x* w* x* ..." "$SEARCH" --index "$WORK/t/.sousuo" --count \
			"$(awk 'BEGIN { for (i = 0; i < 128; i++) printf "w* x* " }')"
		;;
	*) die "unknown case: $c" ;;
	esac
done
exit $failed
