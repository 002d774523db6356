// The client's start-up, with stand-ins for the `vscode` and `vscode-languageclient/node` modules
// (which exist only inside VS Code): activation starts `<decree.serverPath> lsp` for decree
// documents, a change of the setting restarts it, and a server that cannot start is reported.
'use strict';

const assert = require('assert');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

// The manifest points at files that exist, and the client library is a runtime dependency.
assert.ok(fs.existsSync(path.join(root, manifest.main)), 'main exists');
for (const g of manifest.contributes.grammars) JSON.parse(fs.readFileSync(path.join(root, g.path), 'utf8'));
for (const l of manifest.contributes.languages) JSON.parse(fs.readFileSync(path.join(root, l.configuration), 'utf8'));
assert.deepStrictEqual(manifest.contributes.languages[0].extensions, ['.decree']);
assert.strictEqual(manifest.contributes.configuration.properties['decree.serverPath'].default, 'decreec');
assert.ok(manifest.dependencies['vscode-languageclient'], 'vscode-languageclient is a dependency');
require.resolve('vscode-languageclient/node', { paths: [root] });

const settings = {};
const commands = {};
const errors = [];
const clients = [];
let configurationListener;
let failStart = false;

const vscode = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => settings[`${section}.${key}`] }),
    onDidChangeConfiguration: (listener) => {
      configurationListener = listener;
      return { dispose() {} };
    },
  },
  commands: {
    registerCommand: (name, fn) => {
      commands[name] = fn;
      return { dispose() {} };
    },
  },
  window: { showErrorMessage: (message) => errors.push(message) },
};

class LanguageClient {
  constructor(id, name, server, options) {
    Object.assign(this, { id, name, server, options, running: false });
    clients.push(this);
  }
  start() {
    if (failStart) return Promise.reject(new Error('spawn nowhere/decreec ENOENT'));
    this.running = true;
    return Promise.resolve();
  }
  stop() {
    this.running = false;
    return Promise.resolve();
  }
}

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient };
  return load.call(this, request, ...rest);
};

const extension = require(path.join(root, manifest.main));

(async () => {
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.strictEqual(clients.length, 1);
  assert.deepStrictEqual(clients[0].server, { command: 'decreec', args: ['lsp'] });
  assert.ok(clients[0].running);
  assert.deepStrictEqual(clients[0].options.documentSelector.map((s) => s.language), ['decree', 'decree']);
  assert.ok(commands['decree.restartServer'], 'the restart command is registered');
  assert.ok(manifest.contributes.commands.some((c) => c.command === 'decree.restartServer'));

  settings['decree.serverPath'] = '/opt/decree/bin/decreec';
  await configurationListener({ affectsConfiguration: (s) => s === 'decree.serverPath' });
  assert.strictEqual(clients.length, 2);
  assert.ok(!clients[0].running, 'the old server is stopped');
  assert.deepStrictEqual(clients[1].server, { command: '/opt/decree/bin/decreec', args: ['lsp'] });

  failStart = true;
  settings['decree.serverPath'] = 'nowhere/decreec';
  await commands['decree.restartServer']();
  assert.strictEqual(errors.length, 1);
  assert.match(errors[0], /cannot start the language server `nowhere\/decreec lsp`/);

  await extension.deactivate();
  console.log('extension.js: starts, restarts and reports as expected');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
