#!/bin/sh
# The editor plugins in the real editors, headless: Vim's :Sousuo fills
# the quickfix list and :SousuoIndex re-indexes on save; Emacs' M-x
# sousuo fills a grep-mode buffer whose entries visit each match.
. "$abs_top_srcdir/tests/cli/lib.sh"

EDITORS="$abs_top_srcdir/editors"
cp -R "$CORPUS" "$TMP/corpus"
rm -rf "$TMP/corpus/.sousuo"
cd "$TMP/corpus" || exit 2
"$INDEX" -q .
export SEARCH INDEX TMP

# hold_lock SECONDS: hold the index's write lock that long, in the
# background, as a long sousuo-index run would.
hold_lock() {
    sleep "$1" | "$DBTOOL" lock .sousuo >"$TMP/held" &
    _i=0
    until grep -q locked "$TMP/held" 2>/dev/null || [ $_i -gt 200 ]; do
        sleep 0.05
        _i=$((_i + 1))
    done
}

# want QUERY: FILE:LINE:COLUMN of each --vimgrep match, in order.
want() {
    # The leftmost :LINE:COLUMN: ends the path, which may hold colons.
    "$SEARCH" --vimgrep --limit 50 "$1" |
        awk 'match($0, /:[1-9][0-9]*:[1-9][0-9]*:/) {
                 print substr($0, 1, RSTART + RLENGTH - 2) }'
}

# ---- Vim ------------------------------------------------------------------
if ! vim --version 2>/dev/null | grep -q '+quickfix'; then
    skip "Vim plugin" "no vim with +quickfix (Debian package vim)"
else
    # vim_run SCRIPT: Vim without a vimrc, with the plugin, runs SCRIPT
    # (Ex commands), then dumps the quickfix list to $TMP/vim.out: each
    # entry as FILE:LINE:COLUMN:ok when the file's text there starts with
    # $NEEDLE (ignoring case), else :bad; then the number of windows and
    # the list's title.
    cat >"$TMP/dump.vim" <<'EOF'
let out = []
for e in getqflist()
  let l = readfile(bufname(e.bufnr))[e.lnum - 1]
  let ok = e.valid && strpart(l, e.col - 1, strlen($NEEDLE)) ==? $NEEDLE
  call add(out, bufname(e.bufnr) . ':' . e.lnum . ':' . e.col . (ok ? ':ok' : ':bad'))
endfor
call writefile(out + ['windows ' . winnr('$'), 'title ' . getqflist({'title': 1}).title], $TMP . '/vim.out')
EOF
    vim_run() {
        rm -f "$TMP/vim.out"
        vim -es -N -u NONE -i NONE -c "set rtp^=$EDITORS/vim" \
            -c 'runtime plugin/sousuo.vim' \
            -c 'let g:sousuo_search_program = $SEARCH' \
            -c 'let g:sousuo_index_program = $INDEX' \
            -S "$1" -S "$TMP/dump.vim" -c 'qa!' </dev/null >/dev/null 2>&1
    }
    hits() { grep -v '^windows \|^title ' "$TMP/vim.out" 2>/dev/null; }
    echo 'execute "Sousuo " . $QUERY' >"$TMP/search.vim"

    # vim_check QUERY NEEDLE
    vim_check() {
        QUERY=$1 NEEDLE=$2 vim_run "$TMP/search.vim"
        expect_eq ":Sousuo $1 fills the quickfix list with every match" \
            "$(hits)" "$(want "$1" | sed 's/$/:ok/')"
        expect_eq "...and opens it" \
            "$(sed -n 's/^windows //p' "$TMP/vim.out" 2>/dev/null)" 2
    }
    vim_check 新质生产力 新质生产力
    vim_check 产业链 产业链
    vim_check DeepSeek deepseek
    vim_check '"national rejuvenation"' 'national rejuvenation'
    expect_eq "the list's title" \
        "$(sed -n 's/^title //p' "$TMP/vim.out" 2>/dev/null)" \
        ':Sousuo "national rejuvenation"'
    QUERY=zzzqqxv NEEDLE=x vim_run "$TMP/search.vim"
    expect_eq ":Sousuo without hits: an empty list, no window" \
        "$(head -1 "$TMP/vim.out" 2>/dev/null)" "windows 1"
    echo 'Sousuo! DeepSeek' >"$TMP/bang.vim"
    NEEDLE=deepseek vim_run "$TMP/bang.vim"
    expect_eq ":Sousuo! fills the list without opening it" \
        "$(hits | wc -l | tr -d ' ') $(sed -n 's/^windows //p' "$TMP/vim.out")" \
        "$(want DeepSeek | wc -l | tr -d ' ') 1"

    # Save a new file under the index: it is indexed and found (first
    # waiting for the indexer, then in the background as by default).
    cat >"$TMP/save.vim" <<'EOF'
let g:sousuo_index_on_save = 1
let g:sousuo_index_async = 0
edit notes.txt
call setline(1, ['Notes', '', 'Fish: the zebrafish.'])
write
Sousuo zebrafish
EOF
    NEEDLE=zebrafish vim_run "$TMP/save.vim"
    expect_eq "on save, the file is indexed and :Sousuo finds it" \
        "$(hits)" "notes.txt:3:11:ok"
    if vim --version | grep -q '+job'; then
        cat >"$TMP/async.vim" <<'EOF'
let g:sousuo_index_on_save = 1
edit notes.txt
call setline(1, ['an axolotl'])
write
let n = 0
while job_status(g:sousuo_index_job) ==# 'run' && n < 600
  sleep 50m
  let n += 1
endwhile
Sousuo axolotl
EOF
        NEEDLE=axolotl vim_run "$TMP/async.vim"
        expect_eq "...also in the background (+job)" "$(hits)" "notes.txt:1:4:ok"
        # :wall while another run holds the index: one run per file, each
        # waiting for the lock (g:sousuo_index_wait), so none is lost.
        cat >"$TMP/wall.vim" <<'EOF'
let g:sousuo_index_on_save = 1
for i in [1, 2, 3]
  execute (i == 1 ? 'edit' : 'split') 'vimheld' . i . '.txt'
  call setline(1, ['vimheld' . i])
endfor
wall
let n = 0
while !empty(filter(job_info(), 'job_status(v:val) ==# "run"')) && n < 600
  sleep 50m
  let n += 1
endwhile
Sousuo vimheld1 OR vimheld2 OR vimheld3
EOF
        hold_lock 2
        NEEDLE=vimheld vim_run "$TMP/wall.vim"
        expect_eq "...also three at once (:wall) while the index is locked" \
            "$(hits | sort)" "$(printf 'vimheld%d.txt:1:1:ok\n' 1 2 3)"
        wait
    else
        skip "...also in the background" "vim without +job"
    fi
    printf '%s\n' 'let g:sousuo_index_async = 0' 'edit notes.txt' \
        'SousuoIndex' 'Sousuo axolotl' >"$TMP/idx.vim"
    rm -f notes.txt
    NEEDLE=x vim_run "$TMP/idx.vim"
    expect_eq ":SousuoIndex of a deleted file drops it" "$(hits)" ""
fi

# ---- Emacs ----------------------------------------------------------------
if ! command -v emacs >/dev/null 2>&1; then
    skip "Emacs package" "no emacs (Debian package emacs-nox)"
else
    # Run M-x sousuo QUERY, wait for it, then visit every match from the
    # *sousuo* buffer as RET does and print FILE:LINE:ok when point is on
    # NEEDLE (ignoring case), then the buffer's mode and last line.
    cat >"$TMP/t.el" <<'EOF'
(setq sousuo-search-program (getenv "SEARCH")
      sousuo-index-program (getenv "INDEX"))
(load (getenv "SOUSUO_EL") nil t)
(defun t-wait (buf)
  (let ((proc (get-buffer-process buf)))
    (while (and proc (process-live-p proc))
      (accept-process-output proc 0.05))
    (accept-process-output nil 0.05)))
(when (getenv "SAVE")
  (customize-set-variable 'sousuo-index-on-save t)
  (find-file "notes.txt")
  (insert "Notes\n\nFish: the zebrafish.\n")
  (save-buffer)
  (let ((p (get-process "sousuo-index")))
    (while (and p (process-live-p p)) (accept-process-output p 0.05))))
;; Save each file of SAVES, then wait for every indexer run.
(when (getenv "SAVES")
  (customize-set-variable 'sousuo-index-on-save t)
  (dolist (f (split-string (getenv "SAVES")))
    (find-file (concat f ".txt"))
    (insert f "\n")
    (save-buffer))
  (while (seq-some #'process-live-p (process-list))
    (accept-process-output nil 0.05)))
(let ((needle (getenv "NEEDLE")) (out nil))
  (sousuo (getenv "QUERY"))
  (t-wait "*sousuo*")
  (with-current-buffer "*sousuo*"
    (goto-char (point-min))
    (condition-case nil
        (while t
          (compilation-next-error 1)
          (let ((pt (point)))
            (compile-goto-error)
            (push (format "%s:%d:%s"
                          (file-relative-name buffer-file-name)
                          (line-number-at-pos)
                          (let ((case-fold-search t))
                            (if (looking-at-p (regexp-quote needle))
                                "ok" "bad")))
                  out)
            (set-buffer "*sousuo*")
            (goto-char pt)))
      (error nil))
    (push (format "mode %s %s" major-mode
                  (derived-mode-p 'grep-mode))
          out)
    (goto-char (point-max))
    (forward-line -1)
    (push (buffer-substring (point) (line-end-position)) out))
  (princ (mapconcat #'identity (nreverse out) "\n"))
  (terpri))
EOF
    # emacs_check QUERY NEEDLE
    emacs_check() {
        QUERY=$1 NEEDLE=$2 SOUSUO_EL="$EDITORS/emacs/sousuo.el" \
            emacs --batch -Q -l "$TMP/t.el" >"$TMP/emacs.out" 2>"$TMP/emacs.err"
        expect_eq "M-x sousuo $1 lists every match and visits it" \
            "$(grep -v '^mode \|^Sousuo ' "$TMP/emacs.out")" \
            "$(want "$1" | sed 's/:[0-9]*$/:ok/')"
    }
    # Columns are bytes of the file's line, counted on the visited line:
    # a match past the 1000 bytes the printed text keeps, and one after
    # non-ASCII markup (one space per byte in the printed text).
    {
        i=0
        while [ $i -lt 330 ]; do printf '段落'; i=$((i + 1)); done
        printf ' uniqlongword 结束。\n'
    } >longline.txt
    printf '%s\n' '<html><body>' \
        '<p><a href="/wiki/中文" title="中文标题说明">链接 linkword</a></p>' \
        '</body></html>' >link.html
    "$INDEX" -q longline.txt link.html
    emacs_check uniqlongword uniqlongword
    emacs_check linkword linkword
    printf 'Minutes of the colonmeeting.\n' >'2024-04-17 10:30 notes.md'
    "$INDEX" -q '2024-04-17 10:30 notes.md'
    emacs_check colonmeeting colonmeeting  # a path with colons
    emacs_check 新质生产力 新质生产力
    expect_eq "...in a grep-mode buffer" "$(grep '^mode ' "$TMP/emacs.out")" \
        "mode sousuo-mode grep-mode"
    emacs_check 产业链 产业链
    emacs_check productive product  # stems: products, productivity...
    emacs_check '"national rejuvenation"' 'national rejuvenation'
    QUERY=zzzqqxv NEEDLE=x SOUSUO_EL="$EDITORS/emacs/sousuo.el" \
        emacs --batch -Q -l "$TMP/t.el" >"$TMP/emacs.out" 2>"$TMP/emacs.err"
    expect_match "without hits, grep-mode says so" "$(cat "$TMP/emacs.out")" \
        "^Sousuo finished with no matches found"
    SAVE=1 QUERY=zebrafish NEEDLE=zebrafish SOUSUO_EL="$EDITORS/emacs/sousuo.el" \
        emacs --batch -Q -l "$TMP/t.el" >"$TMP/emacs.out" 2>"$TMP/emacs.err"
    expect_eq "sousuo-index-on-save indexes a saved file" \
        "$(grep -v '^mode \|^Sousuo ' "$TMP/emacs.out")" "notes.txt:3:ok"
    hold_lock 2
    SAVES='emacsheld1 emacsheld2 emacsheld3' QUERY='emacsheld1 OR emacsheld2 OR emacsheld3' \
        NEEDLE=emacsheld SOUSUO_EL="$EDITORS/emacs/sousuo.el" \
        emacs --batch -Q -l "$TMP/t.el" >"$TMP/emacs.out" 2>"$TMP/emacs.err"
    expect_eq "...also three saves while the index is locked" \
        "$(grep -v '^mode \|^Sousuo ' "$TMP/emacs.out" | sort)" \
        "$(printf 'emacsheld%d.txt:1:ok\n' 1 2 3)"
    wait
    rm -f notes.txt
fi

done_testing
