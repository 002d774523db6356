#!/usr/bin/env bash
# The VS Code extension: its grammar tests (vscode-tmgrammar-test), the client's start-up with
# stand-in VS Code modules, then the .vsix (@vscode/vsce) written to OUT_DIR and checked for its
# contents. Installs the locked npm dependencies when node_modules is missing or older than
# package-lock.json. Exits 77 (skipped) when node or npm is missing.
# usage: editors/vscode/test.sh [OUT_DIR]   (default: editors/vscode/build)
set -euo pipefail
cd "$(dirname "$0")"
out=$(mkdir -p "${1:-build}" && cd "${1:-build}" && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node and npm are needed to test and package the VS Code extension: skipped"
  exit 77
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
   [ package.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npx --no-install vscode-tmgrammar-test -g syntaxes/decree.tmLanguage.json 'test/*.test.decree'
node test/extension.test.js

version=$(node -p 'require("./package.json").version')
vsix="$out/decree-$version.vsix"
rm -f "$vsix"
# The project has no licence file and no public repository: said so, rather than invented.
npx --no-install vsce package --skip-license --allow-missing-repository --out "$vsix"

node - "$vsix" <<'JS'
// Lists the entries of the .vsix (a zip file) from its central directory and checks them.
const fs = require('fs');
const zip = fs.readFileSync(process.argv[2]);
let end = zip.length - 22;
while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
if (end < 0) throw new Error('not a zip file');
const count = zip.readUInt16LE(end + 10);
let at = zip.readUInt32LE(end + 16);
const names = [];
for (let i = 0; i < count; i++) {
  const nameLength = zip.readUInt16LE(at + 28);
  const extra = zip.readUInt16LE(at + 30);
  const comment = zip.readUInt16LE(at + 32);
  names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
  at += 46 + nameLength + extra + comment;
}
const wanted = ['extension/extension.js', 'extension/package.json', 'extension/syntaxes/decree.tmLanguage.json',
  'extension/language-configuration.json', 'extension/readme.md',
  'extension/node_modules/vscode-languageclient/node.js'];
const missing = wanted.filter((w) => !names.includes(w));
const stray = names.filter((n) => n.startsWith('extension/test/') || n.includes('vscode-tmgrammar-test') ||
  n.includes('@vscode/vsce'));
if (missing.length || stray.length) {
  console.error('missing from the .vsix: ' + missing.join(', ') + '; should not be there: ' + stray.join(', '));
  process.exit(1);
}
console.log(`${process.argv[2]}: ${names.length} files, with the client, the grammar and the language configuration`);
JS
