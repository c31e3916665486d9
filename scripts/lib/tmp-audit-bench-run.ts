import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAuditExplorer } from './audit-explorer-bench.ts';
const dir = mkdtempSync(join(tmpdir(), 'verify-desk-bench-'));
try { await benchAuditExplorer(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
