/**
 * The audit explorer's state: the filter, the entries read so far (newest first, a page at a
 * time), the opened entry, a running chain check and its progress, and the last export.
 */
import { create } from 'zustand';
import type { AuditExportFormat } from '../../../../shared/audit/audit-codes.ts';
import type {
  AuditDetail,
  AuditEntryRow,
  AuditFilter,
  AuditVerification,
  DeskError,
} from '../../../../shared/contract/index.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk, callInto } from '../../app/desk-call.ts';

/** Entries per page: a screen and a half, so scrolling asks for the next before it shows. */
export const AUDIT_PAGE = 100;

export interface ExportOutcome {
  format: AuditExportFormat;
  saved: boolean;
  rows: number;
  sha256: string | null;
}

interface AuditState {
  filter: AuditFilter;
  entries: AuditEntryRow[];
  nextBefore: number | null;
  matched: number | null;
  matchedCapped: boolean;
  busy: boolean;
  error: DeskError | null;
  opened: { entry: AuditEntryRow; details: AuditDetail[] } | null;
  verifying: boolean;
  progress: { checked: number; total: number } | null;
  verification: AuditVerification | null;
  exporting: boolean;
  exported: ExportOutcome | null;
  /** Reads the first page for this filter (the filter replaces the one before). */
  search(filter: AuditFilter): Promise<void>;
  /** Reads the next page, when there is one and none is being read. */
  more(): Promise<void>;
  open(seq: number): Promise<void>;
  close(): void;
  verify(): Promise<void>;
  verifyProgress(progress: { checked: number; total: number }): void;
  exportAs(format: AuditExportFormat): Promise<void>;
  clear(): void;
}

const initial = {
  filter: {},
  entries: [],
  nextBefore: null,
  matched: null,
  matchedCapped: false,
  busy: false,
  error: null,
  opened: null,
  verifying: false,
  progress: null,
  verification: null,
  exporting: false,
  exported: null,
};

export const useAuditStore = create<AuditState>((set, get) => ({
  ...initial,
  async search(filter) {
    set({ filter, entries: [], nextBefore: null, matched: null, opened: null, exported: null });
    await callInto(
      set,
      (desk) => desk.audit.list({ filter, limit: AUDIT_PAGE }),
      (page) => ({
        entries: page.entries,
        nextBefore: page.nextBefore,
        matched: page.matched,
        matchedCapped: page.matchedCapped,
      }),
      { busy: true },
    );
  },
  async more() {
    const { nextBefore, busy, filter } = get();
    if (nextBefore === null || busy) return;
    await callInto(
      set,
      (desk) => desk.audit.list({ filter, before: nextBefore, limit: AUDIT_PAGE }),
      (page) => ({
        entries: [...get().entries, ...page.entries],
        nextBefore: page.nextBefore,
      }),
      { busy: true },
    );
  },
  async open(seq) {
    await callInto(
      set,
      (desk) => desk.audit.entry({ seq }),
      ({ entry, details }) => ({ opened: { entry, details } }),
    );
  },
  close: () => set({ opened: null }),
  async verify() {
    if (get().verifying) return;
    set({ verifying: true, progress: { checked: 0, total: 0 }, verification: null, error: null });
    try {
      const result = await callDesk((desk) => desk.audit.verify());
      // Progress events may trail the reply: the result itself says how far the check went.
      set(
        result.ok
          ? {
              verification: result.value,
              progress: {
                checked: result.value.entriesChecked,
                total: result.value.entriesChecked,
              },
            }
          : { error: result.error },
      );
    } finally {
      set({ verifying: false });
    }
  },
  verifyProgress(progress) {
    if (get().verifying) set({ progress });
  },
  async exportAs(format) {
    if (get().exporting) return;
    set({ exporting: true, exported: null });
    try {
      await callInto(
        set,
        (desk) => desk.audit.export({ filter: get().filter, format }),
        ({ saved, rows, sha256 }) => ({ exported: { format, saved, rows, sha256 } }),
      );
    } finally {
      set({ exporting: false });
    }
  },
  clear: () => set({ ...initial }),
}));

// The trail names cards and people: it is hidden on lock and sign-out like cardholder data.
holdsCardholderData(() => useAuditStore.getState().clear());
