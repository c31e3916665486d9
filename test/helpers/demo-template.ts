/**
 * A demo database for a test, copied from one built once per test run (or per test process).
 *
 * Building the demo hashes every cardholder's verification pair with the production scrypt
 * cost (about 2 s for 60 cardholders on a 2-core machine); most tests need a fresh database,
 * not a fresh build. The first request for a given seed, size and epoch builds the demo with
 * the real builder into a template folder; each request copies the database, its anchor file
 * and its key file (the newest anchor lives in the key file, so the three travel together).
 * Every copy is byte-for-byte what the builder wrote, so tests still run on the real demo;
 * copies share the template's keys.
 *
 * Where the runner's global setup gave a shared folder (`VERIFY_DESK_DEMO_TEMPLATES`, made by
 * `shareDemoTemplates()` and removed at the run's end), every test process of the run uses the
 * same templates: the first process to need one builds it, the others wait for it and copy.
 * Without that folder each process builds its own.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildDemoDatabase, type BuildDemoOptions } from '../../main/core/demo/build-demo.ts';

type TemplateOptions = Pick<BuildDemoOptions, 'seed' | 'cardholders' | 'now' | 'passwordCost'>;
type TemplatePaths = { dbPath: string; keyFile: string };

/** The environment variable naming the folder of the run's shared templates. */
export const SHARED_TEMPLATES_ENV = 'VERIFY_DESK_DEMO_TEMPLATES';
/** How long a process waits for another to finish building a template before building its own. */
const WAIT_FOR_BUILDER_MS = 120_000;

const templates = new Map<string, Promise<TemplatePaths>>();
const templateDirs: string[] = [];

process.once('exit', () => {
  for (const dir of templateDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * For a runner's global setup: a folder every test process of the run shares templates in,
 * named in the environment the test processes inherit. Returns the teardown that removes it.
 */
export function shareDemoTemplates(): () => void {
  if (process.env[SHARED_TEMPLATES_ENV]) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'verify-desk-templates-'));
  process.env[SHARED_TEMPLATES_ENV] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[SHARED_TEMPLATES_ENV];
  };
}

const pathsIn = (dir: string): TemplatePaths => ({
  dbPath: join(dir, 'desk.db'),
  keyFile: join(dir, 'desk.key'),
});

/** Builds the demo in a folder of its own, then moves it in place whole (a rename). */
async function buildShared(root: string, name: string, options: TemplateOptions) {
  const final = join(root, name);
  const staging = mkdtempSync(join(root, `${name}.building-`));
  try {
    await buildDemoDatabase({ ...options, ...pathsIn(staging) });
    renameSync(staging, final);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process moved the same template in place first: theirs is as good.
    if (!existsSync(final)) throw error;
  }
  return pathsIn(final);
}

/** The run's template for these options: built by the first process to ask, copied by all. */
async function sharedTemplate(root: string, key: string, options: TemplateOptions) {
  const name = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const final = join(root, name);
  if (existsSync(final)) return pathsIn(final);
  let claimed = false;
  try {
    closeSync(openSync(join(root, `${name}.lock`), 'wx'));
    claimed = true;
  } catch {
    // Another process is building it.
  }
  if (claimed) return buildShared(root, name, options);
  for (const deadline = Date.now() + WAIT_FOR_BUILDER_MS; Date.now() < deadline;) {
    if (existsSync(final)) return pathsIn(final);
    await sleep(50);
  }
  // The builder never finished (it was killed): build it here.
  return buildShared(root, name, options);
}

function templateFor(options: TemplateOptions) {
  const key = JSON.stringify([
    options.seed ?? null,
    options.cardholders ?? null,
    options.now?.toISOString() ?? null,
    options.passwordCost ?? null,
  ]);
  let template = templates.get(key);
  if (!template) {
    const shared = process.env[SHARED_TEMPLATES_ENV];
    if (shared && existsSync(shared)) {
      template = sharedTemplate(shared, key, options);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'verify-desk-template-'));
      templateDirs.push(dir);
      const paths = pathsIn(dir);
      template = buildDemoDatabase({ ...options, ...paths }).then(() => paths);
    }
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
