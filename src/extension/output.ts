// The "Sessionscope" output channel. A copy of the recent lines is kept so
// the integration tests can read what a user would read there.

import * as vscode from 'vscode';

const KEEP_LINES = 500;

export class Output implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Sessionscope', { log: true });
  private readonly recent: string[] = [];

  info(message: string): void {
    this.channel.info(message);
    this.keep('info', message);
  }

  warn(message: string): void {
    this.channel.warn(message);
    this.keep('warn', message);
  }

  error(message: string): void {
    this.channel.error(message);
    this.keep('error', message);
  }

  show(): void {
    this.channel.show(true);
  }

  /** The most recent lines, oldest first. */
  lines(): string[] {
    return [...this.recent];
  }

  dispose(): void {
    this.channel.dispose();
  }

  private keep(level: string, message: string): void {
    for (const line of message.split('\n')) this.recent.push(`[${level}] ${line}`);
    if (this.recent.length > KEEP_LINES) this.recent.splice(0, this.recent.length - KEEP_LINES);
  }
}
