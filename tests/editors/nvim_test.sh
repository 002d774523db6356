#!/usr/bin/env bash
# The Neovim snippets of editors/vim/README.md, as written there, in the Neovim this machine has
# (Debian 12: 0.7.2, which takes the 0.7 snippet; 0.8 and later take both): a decree with an error
# opened headless gets decreec's diagnostic from the language server. Exits 77 without nvim.
#   nvim_test.sh DECREEC
set -euo pipefail
decreec=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v nvim >/dev/null 2>&1 || { echo "nvim is not installed: skipped"; exit 77; }
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$decreec" "$work/bin/decreec"
sed 's/requires/requirs/' examples/minimal.decree > "$work/bad.decree"
minor=$(nvim --version | head -1 | sed -E 's/^NVIM v0\.([0-9]+).*/\1/')
# The Lua blocks that follow the README's "**Neovim 0.7**" and "**Neovim 0.8 or later**".
snippet() {
    awk -v title="$1" 'index($0, title) == 1 { on = 1; next } on && /^```lua/ { code = 1; next }
                       code && /^```/ { exit } code { print }' "$root/editors/vim/README.md"
}
run() {  # NAME LUA: the diagnostics Neovim shows for bad.decree
    local name=$1 config=$work/$1.lua
    { echo "vim.opt.runtimepath:append('$root/editors/vim')"
      echo "vim.cmd('filetype on')"
      printf '%s\n' "$2"; } > "$config"
    cat > "$work/probe.lua" <<'LUA'
local deadline = vim.loop.now() + 15000
vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local d = vim.diagnostic.get(0)
local out = io.open(vim.env.PROBE_OUT, 'w')
out:write(vim.bo.filetype, '\n', #d, '\n')
for _, x in ipairs(d) do out:write(x.lnum + 1, ':', x.message, '\n') end
out:close()
vim.cmd('qa!')
LUA
    (cd "$work" && PATH="$work/bin:$PATH" PROBE_OUT="$work/$name.out" timeout 60 \
        nvim --headless --clean -u "$config" bad.decree -c "luafile $work/probe.lua" >/dev/null 2>&1) || true
    local got
    got=$(cat "$work/$name.out" 2>/dev/null || echo "no output")
    if [[ $(head -1 <<< "$got") == decree && $(sed -n 2p <<< "$got") -ge 1 && $got == *"18:"* ]]; then
        echo "ok   $name: $(sed -n 3p <<< "$got")"
    else
        echo "FAIL $name: $got"; return 1
    fi
}
status=0
run neovim_0_7 "$(snippet '**Neovim 0.7**')" || status=1
if (( minor >= 8 )); then run neovim_0_8 "$(snippet '**Neovim 0.8 or later**')" || status=1; fi
exit $status
