/**
 * @verify-desk/test-kit — the public entry for testers: the `desk` fixture, every screen's
 * page object, the demo scenarios, what the screen should say in each language, and the
 * Playwright settings the console needs. docs/TESTING.md describes all of it; a separate
 * test project imports only this (see docs/example-tests/).
 */
export { test, expect, type DeskFixture, type AuditExpectation, type Target } from './fixtures.ts';
export type { AuditEntry, CountedTable, SavedFile } from './desk-db.ts';
export {
  scenario,
  scenarioTable,
  SCENARIO_NAMES,
  type Scenario,
  type ScenarioName,
  type ScenarioLock,
} from './scenarios.ts';
export { eraDate, toFullWidth, wrongPostcode } from './flows.ts';
export { text, reasonText, type Language } from './catalog.ts';
export { consolePages, type ConsolePages } from './pages/console-pages.ts';
export { AlertsTray } from './pages/alerts-tray.ts';
export { ApprovalsPage } from './pages/approvals-page.ts';
export { AuditExplorerPage, type AuditFilterInput } from './pages/audit-explorer.ts';
export { CardHeader } from './pages/card-header.ts';
export { ContactsPanel } from './pages/contacts-panel.ts';
export { DiagnosisPanel } from './pages/diagnosis-panel.ts';
export { HistoryTimeline } from './pages/history-timeline.ts';
export {
  LeaveCallDialog,
  type CallEnding,
  type NoOutcomeReason,
} from './pages/leave-call-dialog.ts';
export { LockScreen } from './pages/lock-screen.ts';
export { ResetDialog } from './pages/reset-dialog.ts';
export { ResetPanel } from './pages/reset-panel.ts';
export { SearchPage, type SearchKey } from './pages/search-page.ts';
export { SignInPage } from './pages/sign-in-page.ts';
export { TopBar } from './pages/top-bar.ts';
export { VerificationPanel } from './pages/verification-panel.ts';
export { Workspace } from './pages/workspace.ts';
export { WrapUpPanel, type CallOutcome } from './pages/wrap-up-panel.ts';
export { deskProjectUse, DESK_GLOBAL_SETUP } from './playwright-settings.ts';
