/**
 * vitest's global setup: one folder of demo templates for the whole run
 * (test/helpers/demo-template.ts), so every test file copies a demo the first file to need it
 * built, instead of building its own. Removed when the run ends.
 */
import { shareDemoTemplates } from '../helpers/demo-template.ts';

export default function setup(): () => void {
  return shareDemoTemplates();
}
