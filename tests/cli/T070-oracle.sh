#!/bin/sh
# The substring oracle: for sampled CJK substrings (and glued Latin+CJK
# strings) the documents sousuo returns are exactly the documents that
# contain them, as computed independently by tests/cli/oracle.py.
. "$abs_top_srcdir/tests/cli/lib.sh"

if ! command -v python3 >/dev/null; then
    skip "substring oracle" "no python3 (Debian package python3)"
    done_testing
    exit $?
fi
ORACLE="$abs_top_srcdir/tests/cli/oracle.py"
python3 "$ORACLE" make "$TMP/c"
expect_rc "index the generated corpus" 0 "$INDEX" -q "$TMP/c"
python3 "$ORACLE" queries "$TMP/c" 300 >"$TMP/queries"
cd "$TMP/c" || exit 2

n=0
wrong=0
empty=0
: >"$TMP/wrong"
while IFS="$(printf '\t')" read -r q want; do
    n=$((n + 1))
    got=$("$SEARCH" --files --limit 1000 "$q" | sort | tr '\n' ' ' | sed 's/ $//')
    [ -z "$want" ] && empty=$((empty + 1))
    if [ "$got" != "$want" ]; then
        wrong=$((wrong + 1))
        printf '%s\n  got:  %s\n  want: %s\n' "$q" "$got" "$want" >>"$TMP/wrong"
    fi
done <"$TMP/queries"
expect_eq "300 sampled queries were run" "$n" "300"
if [ "$wrong" = 0 ]; then
    ok "every result set equals the oracle's (precision = recall = 1)"
else
    not_ok "every result set equals the oracle's" "$wrong of $n differ:" \
        "$(head -30 "$TMP/wrong")"
fi
expect_eq "the samples come from the text, so each has documents" "$empty" "0"

done_testing
