/**
 * Passwords reach desk-admin from a hidden terminal prompt or from piped stdin (scripts),
 * never from argv, where the shell history and the process list would keep them.
 */
import { text } from 'node:stream/consumers';

export async function readPasswordFromProcess(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    // Piped: the first line is the password (a second call reads nothing: one per run).
    return (await text(process.stdin)).split(/\r?\n/u)[0] ?? '';
  }
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new Error('Cancelled.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
