/** The import's progress bar: lines per second, the pass and the time left, on a terminal. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createImportProgress, type ProgressStream } from '../../../main/cli/import-progress.ts';

function fakeTerminal() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & ProgressStream & Record<string, unknown>;
  Object.assign(stream, {
    isTTY: true,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, text: () => text };
}

describe('import progress', () => {
  it('shows the pass, lines per second and the time left', () => {
    const terminal = fakeTerminal();
    let clock = 0;
    const progress = createImportProgress(terminal.stream, () => clock);
    progress.update({ pass: 1, line: 0, totalLines: 1000 });
    clock = 2000;
    progress.update({ pass: 2, line: 500, totalLines: 1000 });
    progress.stop();
    // 1,500 of 4,000 line-passes in two seconds.
    expect(terminal.text()).toMatch(/pass 2\/4 \| 750 lines\/s \| ETA /u);
    expect(terminal.text()).toContain('] 37% |');
  });
});
