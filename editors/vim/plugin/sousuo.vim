" sousuo.vim - search a sousuo full-text index from Vim.
"
"   :Sousuo {query}     run sousuo-search --vimgrep {query} and put the
"                       matches in the quickfix list, then open it
"                       (:Sousuo! fills the list without opening it)
"   :SousuoIndex [file] re-index the file (default: the current one)
"
" Options (set them before the plugin loads, e.g. in your vimrc):
"   g:sousuo_search_program  the searcher      (default 'sousuo-search')
"   g:sousuo_index_program   the indexer       (default 'sousuo-index')
"   g:sousuo_limit           documents per search          (default 50)
"   g:sousuo_index_on_save   1: :SousuoIndex after writing a file that
"                            lies under an index (default 0)
"   g:sousuo_index_async     1: index in the background with job_start()
"                            (default 1 when Vim has +job)
"   g:sousuo_index_wait      seconds a background run waits for another
"                            sousuo-index's lock (default 60)
"
" The searcher runs in Vim's current folder: it searches the nearest
" .sousuo/ index at or above it, and prints paths relative to it.
" See :help sousuo.

if exists('g:loaded_sousuo') || &compatible
  finish
endif
let g:loaded_sousuo = 1

let g:sousuo_search_program = get(g:, 'sousuo_search_program', 'sousuo-search')
let g:sousuo_index_program = get(g:, 'sousuo_index_program', 'sousuo-index')
let g:sousuo_limit = get(g:, 'sousuo_limit', 50)
let g:sousuo_index_on_save = get(g:, 'sousuo_index_on_save', 0)
let g:sousuo_index_async = get(g:, 'sousuo_index_async', has('job'))
let g:sousuo_index_wait = get(g:, 'sousuo_index_wait', 60)

function! s:Cmd(argv) abort
  return join(map(copy(a:argv), 'shellescape(v:val)'), ' ')
endfunction

" Search and fill the quickfix list; returns the number of entries.
function! SousuoSearch(query, open) abort
  let l:argv = [g:sousuo_search_program, '--vimgrep', '--limit',
        \ string(g:sousuo_limit), '--', a:query]
  " stderr is kept apart: only stdout holds path:line:column:text lines.
  let l:err = tempname()
  let l:lines = systemlist(s:Cmd(l:argv) . ' 2>' . shellescape(l:err))
  let l:status = v:shell_error
  let l:msg = filereadable(l:err) ? join(readfile(l:err), ' ') : ''
  call delete(l:err)
  if l:status > 1
    echohl ErrorMsg
    echomsg 'Sousuo: ' . (empty(l:msg) ? 'sousuo-search failed' : l:msg)
    echohl None
    return 0
  endif
  call setqflist([], ' ', {'lines': l:lines, 'efm': '%f:%l:%c:%m',
        \ 'title': ':Sousuo ' . a:query})
  let l:n = len(getqflist())
  if l:n == 0
    echomsg 'Sousuo: no matches for ' . a:query
  elseif a:open
    copen
  endif
  return l:n
endfunction

" Re-index one file: sousuo-index updates the index it lies under.
function! SousuoIndex(file) abort
  let l:file = fnamemodify(empty(a:file) ? expand('%') : a:file, ':p')
  if empty(l:file)
    return
  endif
  let l:argv = [g:sousuo_index_program, '-q', l:file]
  if g:sousuo_index_async && has('job')
    " Runs overlap (:wall, a cron run): without --wait all but one would
    " fail on the index's lock and the save would go unindexed.
    let l:argv = l:argv[:0] + ['--wait', string(g:sousuo_index_wait)]
          \ + l:argv[1:]
    let g:sousuo_index_job = job_start(l:argv, {'in_io': 'null',
          \ 'out_io': 'null', 'err_cb': function('s:IndexError')})
    return
  endif
  let l:out = system(s:Cmd(l:argv) . ' 2>&1')
  if v:shell_error
    echohl ErrorMsg
    echomsg 'SousuoIndex: ' . substitute(l:out, '\n', ' ', 'g')
    echohl None
  endif
endfunction

function! s:IndexError(channel, msg) abort
  echohl ErrorMsg
  echomsg 'SousuoIndex: ' . a:msg
  echohl None
endfunction

" Only files under an index are re-indexed on save.
function! s:OnSave() abort
  if g:sousuo_index_on_save && &buftype ==# '' &&
        \ !empty(finddir('.sousuo', expand('<afile>:p:h') . ';'))
    call SousuoIndex(expand('<afile>:p'))
  endif
endfunction

command! -nargs=+ -bang Sousuo call SousuoSearch(<q-args>, <bang>1)
command! -nargs=? -complete=file SousuoIndex call SousuoIndex(<q-args>)

augroup sousuo
  autocmd!
  autocmd BufWritePost * call s:OnSave()
augroup END
