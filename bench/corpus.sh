#!/usr/bin/env bash
# bench/corpus.sh - build the mixed zh/ja/ko/en benchmark corpus from Debian
# documentation packages. See bench/README.md, section "Corpus".
set -euo pipefail
export LC_ALL=C
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE="$HERE/cache"
DEBS="$CACHE/debs"
ROOTS="$CACHE/root"
OUT="$HERE/out/corpus"
SCALE=1
FULL=0
JOBS=$(nproc 2>/dev/null || echo 2)
MIN_CONTENT=200

usage() {
	cat <<'EOF'
Usage: bench/corpus.sh [--out DIR] [--scale N] [--full] [--jobs N]

Build a deterministic mixed-language (Chinese, Japanese, Korean, English)
benchmark corpus from Debian documentation packages.

Packages are fetched with `apt-get download` into bench/cache/debs/ (kept:
nothing already there is fetched again) and unpacked with `dpkg-deb -x` into
bench/cache/root/. The corpus is written as one document per file:

  DIR/<lang>/<package>/...      HTML kept as HTML (.html); man pages rendered
                                to UTF-8 text (.txt, 80 columns)
  DIR/MANIFEST.tsv              path, lang, bytes, title (sorted by path)
  DIR/PACKAGES.tsv              package versions used (and the man tools)

The same package versions give byte-identical files. The corpus is built in a
temporary folder next to DIR and renamed into place, so reruns are safe.

Options:
  --out DIR    output folder (default: bench/out/corpus)
  --scale N    make an N-times larger corpus for growth measurements: the
               1x corpus plus N-1 byte-identical copies of it under new
               paths DIR/copy2/<lang>/..., DIR/copy3/<lang>/..., listed in
               MANIFEST.tsv like the originals (default: 1)
  --full       take every LibreOffice help module and every Python doc
               section instead of the default subset (LibreOffice help
               "shared" and "swriter"; Python tutorial, reference, howto,
               faq, using, extending, c-api, installing, distributing):
               about 190 MB instead of about 93 MB at 1x
  --jobs N     parallel man page renderers (default: number of CPUs)
  -h, --help   show this help

Needs the Debian packages apt, dpkg, groff-base (groff, preconv, tbl),
bsdextrautils (col), perl-base, gzip, coreutils, findutils.
Exit status: 0 on success, 1 when the corpus is under 50 MB or lacks one of
zh/ja/ko/en (after warnings), 2 on error.
EOF
}

START=$(date +%s)
die() { printf 'corpus.sh: error: %s\n' "$*" >&2; exit 2; }
warn() { printf 'corpus.sh: warning: %s\n' "$*" >&2; }
note() { printf 'corpus.sh: [%3ds] %s\n' $(($(date +%s) - START)) "$*" >&2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--out) [ $# -ge 2 ] || die "--out needs a folder"; OUT=$2; shift 2 ;;
	--out=*) OUT=${1#--out=}; shift ;;
	--scale) [ $# -ge 2 ] || die "--scale needs a number"; SCALE=$2; shift 2 ;;
	--scale=*) SCALE=${1#--scale=}; shift ;;
	--jobs) [ $# -ge 2 ] || die "--jobs needs a number"; JOBS=$2; shift 2 ;;
	--jobs=*) JOBS=${1#--jobs=}; shift ;;
	--full) FULL=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
case "$SCALE" in '' | *[!0-9]* | 0) die "--scale must be a positive integer" ;; esac
case "$JOBS" in '' | *[!0-9]* | 0) die "--jobs must be a positive integer" ;; esac
[ -n "$OUT" ] || die "--out must not be empty"

for tool in apt-get apt-cache dpkg-deb dpkg groff preconv tbl col perl gzip sha256sum timeout xargs; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found (apt-get install groff-base bsdextrautils perl gzip)"
done


# ---------------------------------------------------------------- packages
apt_lists_present() {
	compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

apt_update() {
	[ "${APT_UPDATED:-0}" = 1 ] && return 1
	APT_UPDATED=1
	if [ "$(id -u)" = 0 ]; then
		note "apt lists missing or stale: running apt-get update"
		apt-get -q update >&2 || return 1
	else
		warn "apt lists missing or stale: run 'apt-get update' as root"
		return 1
	fi
}

note "checking packages"
apt_lists_present || apt_update || true

# The Python documentation package is whatever python3-doc points at.
python_doc_pkg() {
	local p
	p=$(apt-cache depends python3-doc 2>/dev/null |
		sed -n 's/^ *Depends: \(python3\.[0-9]*-doc\)$/\1/p' | head -n1)
	if [ -z "$p" ]; then
		# Offline: take a cached python3.X-doc, if any.
		p=$(find "$DEBS" -maxdepth 1 -name 'python3.*-doc_*.deb' 2>/dev/null |
			sed 's|.*/||; s|_.*||' | sort -V | tail -n1)
	fi
	printf '%s\n' "${p:-python3.11-doc}"
}

PYDOC=$(python_doc_pkg)
PYVER=${PYDOC%-doc}

# lang  package  kind  folder inside the package (relative to its root)
SOURCES="zh manpages-zh man usr/share/man
zh debian-reference-zh-cn debref usr/share/debian-reference
zh debian-reference-zh-tw debref usr/share/debian-reference
zh debian-faq-zh-cn html usr/share/doc/debian/FAQ/zh-cn
zh libreoffice-help-zh-cn lohelp usr/share/libreoffice/help/zh-CN/text
zh libreoffice-help-zh-tw lohelp usr/share/libreoffice/help/zh-TW/text
ja manpages-ja man usr/share/man/ja
ja debian-reference-ja debref usr/share/debian-reference
ja debian-faq-ja html usr/share/doc/debian/FAQ/ja
ja libreoffice-help-ja lohelp usr/share/libreoffice/help/ja/text
ko debian-faq-ko html usr/share/doc/debian/FAQ/ko
ko libreoffice-help-ko lohelp usr/share/libreoffice/help/ko/text
en debian-reference-en debref usr/share/debian-reference
en debian-faq html usr/share/doc/debian/FAQ
en $PYDOC pydoc usr/share/doc/$PYVER/html
en libreoffice-help-en-us lohelp usr/share/libreoffice/help/en-US/text"

# LibreOffice help modules and Python doc sections in the default corpus.
LO_MODULES="shared swriter"
PY_SECTIONS="tutorial reference howto faq using extending c-api installing distributing"
if [ "$FULL" = 1 ]; then
	LO_MODULES="*"
	PY_SECTIONS="*"
fi

PACKAGES=$(printf '%s\n' "$SOURCES" | awk '{print $2}' | sort -u)

# Candidate versions in the apt lists, one apt-cache call for all packages.
declare -A CANDIDATE=()
load_candidates() {
	local pkg v
	CANDIDATE=()
	# shellcheck disable=SC2086
	while IFS=' ' read -r pkg v; do
		[ -n "${CANDIDATE[$pkg]:-}" ] || CANDIDATE[$pkg]=$v
	done < <(apt-cache show --no-all-versions $PACKAGES 2>/dev/null |
		awk '/^Package: /{p=$2} /^Version: /{print p, $2}')
}

# Cached .deb of a package: the given version, or the newest one cached.
cached_deb() {
	local pkg=$1 want=$2 f v best="" bestv=""
	for f in "$DEBS/${pkg}"_*.deb; do
		[ -f "$f" ] || continue
		[ "$(dpkg-deb -f "$f" Package 2>/dev/null)" = "$pkg" ] || continue
		v=$(dpkg-deb -f "$f" Version)
		if [ -n "$want" ]; then
			[ "$v" = "$want" ] && { printf '%s\n' "$f"; return 0; }
		elif [ -z "$bestv" ] || dpkg --compare-versions "$v" gt "$bestv"; then
			best=$f bestv=$v
		fi
	done
	[ -n "$best" ] && printf '%s\n' "$best"
	return 0
}

APT_DL_OPTS=(-q)
[ "$(id -u)" = 0 ] && APT_DL_OPTS+=(-o APT::Sandbox::User=root)

download() { (cd "$DEBS" && apt-get "${APT_DL_OPTS[@]}" download "$@" >&2); }

mkdir -p "$DEBS" "$ROOTS"
load_candidates

declare -A DEB=()
declare -A VERSION=()
missing=()
for pkg in $PACKAGES; do
	v=${CANDIDATE[$pkg]:-}
	if [ -z "$v" ]; then
		f=$(cached_deb "$pkg" "")
		if [ -n "$f" ]; then
			warn "$pkg is not in the apt lists; using cached $(basename "$f")"
			DEB[$pkg]=$f
		else
			warn "$pkg: no such package (apt-cache show found nothing); skipped"
		fi
		continue
	fi
	VERSION[$pkg]=$v
	f=$(cached_deb "$pkg" "$v")
	if [ -n "$f" ]; then DEB[$pkg]=$f; else missing+=("$pkg"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
	note "downloading ${#missing[@]} package(s): ${missing[*]}"
	if ! download "${missing[@]}"; then
		if ! { apt_update && download "${missing[@]}"; }; then
			warn "apt-get download failed for some packages"
		fi
	fi
	for pkg in "${missing[@]}"; do
		f=$(cached_deb "$pkg" "${VERSION[$pkg]}")
		[ -n "$f" ] || f=$(cached_deb "$pkg" "")
		if [ -n "$f" ]; then DEB[$pkg]=$f; else warn "$pkg: download failed; skipped"; fi
	done
fi

note "unpacking"
# Unpack each .deb once into bench/cache/root/<package>/ (redone when the
# cached .deb changes).
for pkg in $PACKAGES; do
	[ -n "${DEB[$pkg]:-}" ] || continue
	dest="$ROOTS/$pkg"
	stamp="$dest/.unpacked-from"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(basename "${DEB[$pkg]}")" ]; then
		continue
	fi
	rm -rf "$dest" "$dest.tmp"
	mkdir -p "$dest.tmp"
	dpkg-deb -x "${DEB[$pkg]}" "$dest.tmp"
	basename "${DEB[$pkg]}" >"$dest.tmp/.unpacked-from"
	mv "$dest.tmp" "$dest"
done

# ---------------------------------------------------------------- build
OUT_PARENT=$(dirname "$OUT")
mkdir -p "$OUT_PARENT"
OUT=$(cd "$OUT_PARENT" && pwd)/$(basename "$OUT")
TMP=$(mktemp -d "$OUT.tmp.XXXXXX")
RENDER_PID=
cleanup() {
	# Stop the man page renderers (their own process group) before removing
	# the folder they write into.
	if [ -n "$RENDER_PID" ]; then
		kill -TERM -- "-$RENDER_PID" 2>/dev/null || true
		while kill -0 -- "-$RENDER_PID" 2>/dev/null; do sleep 0.1; done
	fi
	rm -rf "$TMP" "$OUT.old.$$"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
WORK="$TMP/.work"
mkdir -p "$WORK"

note "listing documents"
# Lists of "source<TAB>destination" pairs, sorted, one per kind.
: >"$WORK/html.list"
: >"$WORK/man.list"

# match_any NAME PATTERNS: does NAME match one of the space-separated globs?
match_any() {
	local name=$1 pat pats
	read -r -a pats <<<"$2"
	for pat in "${pats[@]}"; do
		# shellcheck disable=SC2254
		case "$name" in $pat) return 0 ;; esac
	done
	return 1
}

while read -r lang pkg kind dir; do
	[ -n "${DEB[$pkg]:-}" ] || continue
	src="$ROOTS/$pkg/$dir"
	if [ ! -d "$src" ]; then
		warn "$pkg: $dir not found in the package; skipped"
		continue
	fi
	dst="$lang/$pkg"
	case "$kind" in
	man)
		# Regular files only: symlinks are aliases of another page.
		find "$src" -type f -name '*.gz' -path '*/man[0-9]*/*' -printf '%P\n' |
			sort | while read -r rel; do
			printf '%s\t%s\n' "$src/$rel" "$dst/${rel%.gz}.txt"
		done >>"$WORK/man.list"
		;;
	debref)
		# The HTML chapters (the .txt.gz and .pdf repeat them).
		find "$src" -maxdepth 1 -type f -name '*.html' -printf '%P\n' | sort |
			while read -r rel; do
				printf '%s\t%s\n' "$src/$rel" "$dst/$rel"
			done >>"$WORK/html.list"
		;;
	html)
		find "$src" -maxdepth 1 -type f -name '*.html' -printf '%P\n' | sort |
			while read -r rel; do
				printf '%s\t%s\n' "$src/$rel" "$dst/$rel"
			done >>"$WORK/html.list"
		;;
	lohelp)
		find "$src" -type f -name '*.html' -printf '%P\n' | sort |
			while read -r rel; do
				match_any "${rel%%/*}" "$LO_MODULES" || continue
				printf '%s\t%s\n' "$src/$rel" "$dst/$rel"
			done >>"$WORK/html.list"
		;;
	pydoc)
		# Skip generated indexes, search page and the _sources/ reST copies.
		find "$src" -type f -name '*.html' -not -path '*/_*' \
			-not -name 'genindex*' -not -name 'search.html' \
			-not -name 'py-modindex.html' -not -name 'contents.html' \
			-printf '%P\n' | sort | while read -r rel; do
			case "$rel" in
			*/*) match_any "${rel%%/*}" "$PY_SECTIONS" || continue ;;
			*) [ "$FULL" = 1 ] || continue ;;
			esac
			printf '%s\t%s\n' "$src/$rel" "$dst/$rel"
		done >>"$WORK/html.list"
		;;
	*) die "internal: unknown kind $kind" ;;
	esac
done <<<"$SOURCES"

# Render man pages in parallel with groff: UTF-8 input, UTF-8 text out,
# 80 columns, no hyphenation, no overstrikes, no tabs. (Not `man -l`: man-db
# picks the hyphenation language from the zh_CN/ folder name, which makes
# groff 1.22 loop forever on some Chinese pages.) Pages that only source
# another page (.so) are aliases: skipped. A page taking over 60 s is dropped.
cat >"$WORK/render.sh" <<'EOF'
#!/usr/bin/env bash
set -uo pipefail
out=$1; shift
page=$(mktemp)
trap 'rm -f "$page"' EXIT
while [ $# -ge 2 ]; do
	src=$1 dst=$2; shift 2
	gzip -dc -- "$src" >"$page" || { printf 'render failed: %s\n' "$src" >&2; continue; }
	first=$(grep -v -m1 -e '^\.\\"' -e "^'\\\\\"" -e '^[[:space:]]*$' "$page")
	case "$first" in .so\ *) continue ;; esac
	# Preprocessors named on the first line ('\" t, '\" te, ...).
	pre=(-t)
	head1=$(head -n1 "$page" | sed -n "s/^['.]\\\\\" \\([egprtv]*\\)[[:space:]]*$/\\1/p")
	case "$head1" in *e*) pre+=(-e) ;; esac
	case "$head1" in *p*) pre+=(-p) ;; esac
	mkdir -p "$out/${dst%/*}"
	t0=$SECONDS
	if ! timeout 60 groff -k -K utf-8 "${pre[@]}" -mandoc -Tutf8 -rLL=80n -rLT=80n -rHY=0 \
		"$page" 2>/dev/null | LC_ALL=C.UTF-8 col -bx >"$out/$dst"; then
		rm -f "$out/$dst"
		printf 'render failed: %s\n' "$src" >&2
	fi
	[ $((SECONDS - t0)) -lt 5 ] || printf 'slow (%d s): %s\n' $((SECONDS - t0)) "$src" >&2
done
EOF
if [ -s "$WORK/man.list" ]; then
	note "rendering $(wc -l <"$WORK/man.list") man pages ($JOBS jobs)"
	tr '\t' '\n' <"$WORK/man.list" >"$WORK/man.args"
	# In the background, in a process group of its own (set -m), so that an
	# interrupt can stop all of it; `wait` returns at once on a signal.
	set -m
	xargs -d '\n' -n 40 -P "$JOBS" -a "$WORK/man.args" \
		bash "$WORK/render.sh" "$TMP" 2>"$WORK/render.err" &
	RENDER_PID=$!
	set +m
	wait "$RENDER_PID" || true
	RENDER_PID=
	if [ -s "$WORK/render.err" ]; then
		warn "$(wc -l <"$WORK/render.err") man page(s) failed to render:"
		head -n 5 "$WORK/render.err" >&2
	fi
fi

# Check, copy and describe every document: one Perl pass. HTML is copied
# byte for byte; rendered man pages are already in place. A document is
# dropped when it is not valid UTF-8, contains NUL, or has fewer than
# MIN_CONTENT bytes of text (tags, scripts and styles not counted).
# Prints "path<TAB>lang<TAB>bytes<TAB>title" for each kept document.
cat >"$WORK/describe.pl" <<'EOF'
use strict;
use warnings;
my ($out, $min) = @ARGV[0, 1];
my %ent = (amp => '&', lt => '<', gt => '>', quot => '"', apos => "'", nbsp => ' ');
sub clean {
	my $s = shift;
	$s =~ s/<[^>]*>//g;
	$s =~ s/&#(\d+);/chr($1)/ge;
	$s =~ s/&#x([0-9a-fA-F]+);/chr(hex $1)/ge;
	$s =~ s/&(\w+);/exists $ent{$1} ? $ent{$1} : "&$1;"/ge;
	$s =~ s/\s+/ /g;
	$s =~ s/^ //; $s =~ s/ $//;
	return $s;
}
sub slurp {
	my $f = shift;
	open(my $fh, '<:raw', $f) or die "$f: $!\n";
	local $/; my $d = <$fh>; close $fh;
	return defined $d ? $d : '';
}
my ($kept, $dropped) = (0, 0);
while (my $line = <STDIN>) {
	chomp $line;
	my ($kind, $src, $dst) = split /\t/, $line, 3;
	my $file = "$out/$dst";
	next if $kind ne 'html' && !-e $file;    # .so alias, not rendered
	my $raw = slurp($kind eq 'html' ? $src : $file);
	my $text = $raw;
	my $ok = $raw !~ /\x00/ && utf8::decode($text);
	my ($body, $title) = ('', '');
	if ($ok && $kind eq 'html') {
		($title) = $text =~ m{<title[^>]*>(.*?)</title>}is;
		$title = clean($title // '');
		($body = $text) =~ s{<(script|style)\b.*?</\1\s*>}{}gis;
		$body =~ s/<!--.*?-->//gs;
		$body = clean($body);
	} elsif ($ok) {
		# NAME line: the first paragraph after the page header, without its
		# heading (NAME, 名称, 名前, ...); the next paragraph when the first
		# is the heading alone.
		my $dash = qr/\s(?:[-\x{2010}-\x{2015}\x{2212}]|\\-)\s/;
		my @l = split /\n/, $text;
		my $i = 0;
		$i++ while $i < @l && $l[$i] !~ /\S/;
		$i++;
		my @name;
		for my $try (1, 2) {
			$i++ while $i < @l && ($l[$i] !~ /\S/ || $l[$i] =~ /^\s*[_=-]{8,}\s*$/);
			@name = ();
			push @name, $l[$i++] while $i < @l && $l[$i] =~ /\S/;
			last if @name != 1 || $name[0] =~ $dash;
		}
		shift @name while @name > 1 && $name[0] =~ /^\S/ && $name[0] !~ $dash
			&& grep { /^\s/ || $_ =~ $dash } @name[1 .. $#name];
		$title = clean(join ' ', @name);
		($body = $text) =~ s/\s+/ /g;
	}
	{ use bytes; $ok &&= length($body) >= $min; }
	if (!$ok) {
		unlink $file if $kind ne 'html';
		$dropped++;
		next;
	}
	if ($kind eq 'html') {
		(my $d = $file) =~ s{/[^/]*$}{};
		system('mkdir', '-p', $d) == 0 or die "mkdir $d failed\n" unless -d $d;
		open(my $fh, '>:raw', $file) or die "$file: $!\n";
		print $fh $raw; close $fh or die "$file: $!\n";
	}
	$title =~ s/[\t\r\n]/ /g;
	utf8::encode($title);
	my ($lang) = $dst =~ m{^([^/]+)/};
	printf "%s\t%s\t%d\t%s\n", $dst, $lang, length($raw), $title;
	$kept++;
}
print STDERR "corpus.sh: kept $kept documents, dropped $dropped (not UTF-8 text or under $min bytes of text)\n";
EOF

note "checking and copying documents"
{
	sed 's/^/html\t/' "$WORK/html.list"
	sed 's/^/man\t/' "$WORK/man.list"
} | perl "$WORK/describe.pl" "$TMP" "$MIN_CONTENT" >"$WORK/manifest"

# Growth copies: copyK/<lang>/... for K = 2..N, byte-identical.
langs=$(cut -f2 "$WORK/manifest" | sort -u)
cp "$WORK/manifest" "$WORK/manifest-1x"
k=2
while [ "$k" -le "$SCALE" ]; do
	mkdir -p "$TMP/copy$k"
	for lang in $langs; do cp -R "$TMP/$lang" "$TMP/copy$k/$lang"; done
	awk -F'\t' -v OFS='\t' -v k="$k" '{ $1 = "copy" k "/" $1; print }' \
		"$WORK/manifest-1x" >>"$WORK/manifest"
	k=$((k + 1))
done
sort -t "$(printf '\t')" -k1,1 "$WORK/manifest" >"$TMP/MANIFEST.tsv"

# Package versions: the documentation packages, then the tools whose
# versions affect the rendered man pages.
{
	printf 'package\tversion\trole\tdeb_sha256\n'
	for pkg in $PACKAGES; do
		[ -n "${DEB[$pkg]:-}" ] || continue
		printf '%s\t%s\tdoc\t%s\n' "$pkg" "$(dpkg-deb -f "${DEB[$pkg]}" Version)" \
			"$(sha256sum <"${DEB[$pkg]}" | cut -d' ' -f1)"
	done
	for pkg in groff-base bsdextrautils; do
		v=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || echo unknown)
		printf '%s\t%s\ttool\t-\n' "$pkg" "$v"
	done
} >"$TMP/PACKAGES.tsv"

rm -rf "$WORK"

# Rename into place.
if [ -e "$OUT" ]; then mv "$OUT" "$OUT.old.$$"; fi
mv "$TMP" "$OUT"
rm -rf "$OUT.old.$$"
trap - EXIT

# Summary.
END=$(date +%s)
awk -F'\t' -v secs=$((END - START)) -v out="$OUT" -v scale="$SCALE" '
	{ n[$2]++; b[$2] += $3; tn++; tb += $3 }
	END {
		printf "corpus: %s (scale %d)\n", out, scale
		printf "%-6s %8s %10s\n", "lang", "files", "MB"
		for (l in n) printf "%-6s %8d %10.1f\n", l, n[l], b[l] / 1e6 | "sort"
		close("sort")
		printf "%-6s %8d %10.1f\n", "total", tn, tb / 1e6
		printf "built in %d s\n", secs
	}' "$OUT/MANIFEST.tsv"
need=4
for lang in zh ja ko en; do
	grep -q "	$lang	" "$OUT/MANIFEST.tsv" || { warn "no $lang documents"; need=0; }
done
total=$(awk -F'\t' '{ t += $3 } END { printf "%d", t }' "$OUT/MANIFEST.tsv")
if [ "$total" -lt 50000000 ] || [ "$need" = 0 ]; then
	warn "corpus is under 50 MB or lacks a language: check the warnings above"
	exit 1
fi
