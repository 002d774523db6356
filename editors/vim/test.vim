" Checks editors/vim/syntax/decree.vim: every keyword of lang/include/decree/lang/keywords.def,
" in English and in Vietnamese, is highlighted; two-word types beat their first word (`điều
" luật`, `set of`); names that contain a keyword are not highlighted; comments, strings, dates
" and numbers are; *.decree files get the filetype.
" Run from anywhere: vim -Nu NONE -es -S editors/vim/test.vim   (exit code 1 on failure)
set nocompatible encoding=utf-8
let s:root = fnamemodify(resolve(expand('<sfile>:p')), ':h:h:h')
let &runtimepath = s:root . '/editors/vim,' . &runtimepath
filetype on
syntax on
let s:failures = []
let s:checked = 0

" The syntax group at byte column [col] of [text], as the only line of a decree buffer.
function! s:group(text, col) abort
  enew!
  setfiletype decree
  call setline(1, a:text)
  syntax sync fromstart
  return synIDattr(synID(1, a:col, 1), 'name')
endfunction

function! s:expect(text, word, want) abort
  let s:checked += 1
  let l:col = stridx(a:text, a:word) + 1
  let l:got = s:group(a:text, l:col)
  if (a:want ==# '' && l:got !=# '') || (a:want !=# '' && l:got !~# '^' . a:want . '$')
    call add(s:failures, printf('%s: `%s` is highlighted as %s, expected %s', a:text, a:word,
          \ l:got ==# '' ? 'nothing' : l:got, a:want ==# '' ? 'nothing' : a:want))
  endif
endfunction

" Every spelling of the keyword table, in a line of its own.
for s:line in readfile(s:root . '/lang/include/decree/lang/keywords.def')
  let s:m = matchlist(s:line, '^DECREE_KEYWORD(\w\+,\s*"\([^"]*\)",\s*"\([^"]*\)")')
  if empty(s:m) | continue | endif
  for s:spelling in [s:m[1], s:m[2]]
    call s:expect('x ' . s:spelling . ' y', s:spelling, 'decree\(Structure\|Declaration\|Rule\|Operator\|Constant\|Type\|Unit\)')
  endfor
endfor

call s:expect('record r { a : điều luật }', 'điều luật', 'decreeType')
call s:expect('điều 3 "Điều kiện"', 'điều', 'decreeStructure')
call s:expect('definition f : set of integer = {1}', 'set of', 'decreeType')
call s:expect('set luat.served_fraction = 1/3', 'set', 'decreeDeclaration')
call s:expect('mô-đun "Luật Đặc xá 2018"', 'mô-đun', 'decreeStructure')
call s:expect('definition điều_kiện : bool = true', 'điều_kiện', '')
call s:expect('definition years_of_service : integer = 1', 'years_of_service', '')
call s:expect('parameter cutoff : date = 2025-08-31   -- Điều 1', '-- Điều', 'decreeComment')
call s:expect('parameter cutoff : date = 2025-08-31', '2025-08-31', 'decreeDate')
call s:expect('  text "Thời gian đã chấp hành án phạt tù"', 'Thời', 'decreeString')
call s:expect('parameter cap : money = 50_000_000 VND', '50_000_000', 'decreeNumber')
call s:expect('parameter cap : money = 50_000_000 đồng', 'đồng', 'decreeUnit')

enew!
execute 'edit ' . fnameescape(tempname() . '.decree')
let s:checked += 1
if &filetype !=# 'decree'
  call add(s:failures, 'a *.decree file gets filetype `' . &filetype . '`, expected `decree`')
endif

if empty(s:failures)
  call writefile([printf('editors/vim: %d checks passed', s:checked)], '/dev/stdout', 'a')
  qall!
endif
call writefile(s:failures + [printf('%d of %d checks failed', len(s:failures), s:checked)], '/dev/stderr')
cquit!
