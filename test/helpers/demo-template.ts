/**
 * A demo database for a test, copied from one built once per test process.
 *
 * Building the demo hashes every cardholder's verification pair with the production scrypt
 * cost (about 2 s for 60 cardholders on a 2-core machine); most tests need a fresh database,
 * not a fresh build. The first request for a given seed, size and epoch builds the demo with
 * the real builder into a template folder; each request copies the database, its anchor file
 * and its key file (the newest anchor lives in the key file, so the three travel together).
 * Every copy is byte-for-byte what the builder wrote, so tests still run on the real demo;
 * copies of one process share the template's keys.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoDatabase, type BuildDemoOptions } from '../../main/core/demo/build-demo.ts';

type TemplateOptions = Pick<BuildDemoOptions, 'seed' | 'cardholders' | 'now' | 'passwordCost'>;

const templates = new Map<string, Promise<{ dbPath: string; keyFile: string }>>();
const templateDirs: string[] = [];

process.once('exit', () => {
  for (const dir of templateDirs) rmSync(dir, { recursive: true, force: true });
});

function templateFor(options: TemplateOptions) {
  const key = JSON.stringify([
    options.seed ?? null,
    options.cardholders ?? null,
    options.now?.toISOString() ?? null,
    options.passwordCost ?? null,
  ]);
  let template = templates.get(key);
  if (!template) {
    const dir = mkdtempSync(join(tmpdir(), 'verify-desk-template-'));
    templateDirs.push(dir);
    const paths = { dbPath: join(dir, 'desk.db'), keyFile: join(dir, 'desk.key') };
    template = buildDemoDatabase({ ...options, ...paths }).then(() => paths);
    // A failed build is not remembered: the next test builds again and reports its own error.
    template.catch(() => templates.delete(key));
    templates.set(key, template);
  }
  return template;
}

/** Writes the demo database for `options` at `dbPath` (with its anchors) and its key file. */
export async function copyDemoDatabase(
  options: TemplateOptions & { dbPath: string; keyFile: string },
): Promise<void> {
  const template = await templateFor(options);
  copyFileSync(template.dbPath, options.dbPath);
  for (const suffix of ['-wal', '.anchors']) {
    if (existsSync(template.dbPath + suffix))
      copyFileSync(template.dbPath + suffix, options.dbPath + suffix);
  }
  copyFileSync(template.keyFile, options.keyFile);
}
