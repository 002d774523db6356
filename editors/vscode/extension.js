// The Decree extension for VS Code: highlighting comes from the TextMate grammar; everything else
// (diagnostics, hover, go to definition, outline, completion, formatting) from the Decree
// language server, `decreec lsp`, started over standard input and output.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

// The command that runs the server: the setting decree.serverPath (default `decreec`) and `lsp`.
function serverOptions() {
  const configured = vscode.workspace.getConfiguration('decree').get('serverPath');
  const command = typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'decreec';
  return { command, args: ['lsp'] };
}

async function start() {
  const server = serverOptions();
  client = new LanguageClient('decree', 'Decree', server, {
    documentSelector: [
      { scheme: 'file', language: 'decree' },
      { scheme: 'untitled', language: 'decree' },
    ],
    outputChannelName: 'Decree',
  });
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `Decree: cannot start the language server \`${server.command} lsp\` (${err && err.message ? err.message : err}). ` +
        'Install decreec or set "decree.serverPath" to its full path.');
  }
}

async function stop() {
  if (!client) return;
  const running = client;
  client = undefined;
  try {
    await running.stop();
  } catch (err) {
    // A server that never started cannot be stopped; nothing to clean up.
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('decree.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('decree.serverPath')) {
        await stop();
        await start();
      }
    }));
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions };
