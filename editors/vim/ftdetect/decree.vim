autocmd BufRead,BufNewFile *.decree setfiletype decree
