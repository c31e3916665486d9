import type { Page } from '@playwright/test';
import { AlertsTray } from './alerts-tray.ts';
import { ApprovalsPage } from './approvals-page.ts';
import { AuditExplorerPage } from './audit-explorer.ts';
import { CardHeader } from './card-header.ts';
import { ContactsPanel } from './contacts-panel.ts';
import { DiagnosisPanel } from './diagnosis-panel.ts';
import { HistoryTimeline } from './history-timeline.ts';
import { LeaveCallDialog } from './leave-call-dialog.ts';
import { LockScreen } from './lock-screen.ts';
import { ResetDialog } from './reset-dialog.ts';
import { ResetPanel } from './reset-panel.ts';
import { SearchPage } from './search-page.ts';
import { SignInPage } from './sign-in-page.ts';
import { TopBar } from './top-bar.ts';
import { VerificationPanel } from './verification-panel.ts';
import { Workspace as WorkspacePage } from './workspace.ts';
import { WrapUpPanel } from './wrap-up-panel.ts';

/** Every screen's page object on one console page: `desk.ui`, or `consolePages(page)`. */
export interface ConsolePages {
  signIn: SignInPage;
  topBar: TopBar;
  search: SearchPage;
  workspace: WorkspacePage;
  card: CardHeader;
  verification: VerificationPanel;
  contacts: ContactsPanel;
  diagnosis: DiagnosisPanel;
  history: HistoryTimeline;
  reset: ResetPanel;
  resetDialog: ResetDialog;
  wrapUp: WrapUpPanel;
  leaveCall: LeaveCallDialog;
  approvals: ApprovalsPage;
  alerts: AlertsTray;
  audit: AuditExplorerPage;
  lock: LockScreen;
}

export function consolePages(page: Page): ConsolePages {
  return {
    signIn: new SignInPage(page),
    topBar: new TopBar(page),
    search: new SearchPage(page),
    workspace: new WorkspacePage(page),
    card: new CardHeader(page),
    verification: new VerificationPanel(page),
    contacts: new ContactsPanel(page),
    diagnosis: new DiagnosisPanel(page),
    history: new HistoryTimeline(page),
    reset: new ResetPanel(page),
    resetDialog: new ResetDialog(page),
    wrapUp: new WrapUpPanel(page),
    leaveCall: new LeaveCallDialog(page),
    approvals: new ApprovalsPage(page),
    alerts: new AlertsTray(page),
    audit: new AuditExplorerPage(page),
    lock: new LockScreen(page),
  };
}
