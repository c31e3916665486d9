import type { CardHeader } from '../../../shared/contract/index.ts';
import { CardHeaderView } from './CardHeaderView.tsx';
import { ContactsPanel } from './ContactsPanel.tsx';
import { DiagnosisPanel } from './DiagnosisPanel.tsx';
import { EarlierContactPanel } from './EarlierContactPanel.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { ResetPanel } from './ResetPanel.tsx';
import { VerificationPanel } from './VerificationPanel.tsx';
import { WrapUpPanel } from './WrapUpPanel.tsx';

/**
 * The open card's workspace, in the order of the call: who and what state (header); what
 * went wrong and what to say beside verifying the caller, resetting the lock and checking
 * their contacts; the history in full; earlier contact; wrap-up.
 */
export function Workspace({ header }: { header: CardHeader }) {
  return (
    <div className="workspace" data-testid="workspace">
      <CardHeaderView header={header} />
      <div className="workspace-columns">
        <div className="workspace-stack">
          <VerificationPanel />
          <ResetPanel header={header} />
          <ContactsPanel />
        </div>
        <DiagnosisPanel diagnosis={header.diagnosis} />
      </div>
      <HistoryTimeline cardId={header.cardId} />
      <div className="workspace-columns">
        <EarlierContactPanel earlier={header.earlier} />
        <WrapUpPanel />
      </div>
    </div>
  );
}
