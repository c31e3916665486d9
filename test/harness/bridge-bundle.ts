/** Bundles page-bridge.ts into one classic script for addInitScript, once per test process. */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

let bundled: Promise<string> | undefined;

export function pageBridgeScript(): Promise<string> {
  bundled ??= (async () => {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: {
          entry: fileURLToPath(new URL('./page-bridge.ts', import.meta.url)),
          formats: ['iife'],
          name: 'DeskPageBridge',
        },
      },
    });
    const results = Array.isArray(output) ? output : [output];
    for (const result of results) {
      if ('output' in result) {
        const chunk = result.output.find((item) => item.type === 'chunk');
        if (chunk && chunk.type === 'chunk') return chunk.code;
      }
    }
    throw new Error('The page bridge did not bundle.');
  })();
  return bundled;
}
