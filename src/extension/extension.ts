import * as vscode from 'vscode';

// Placeholder entry point; the extension helper replaces it with the real commands.
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
