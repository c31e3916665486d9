import type { CardHeader } from '../../../../shared/contract/index.ts';
import { WrapUpPanel } from '../calls/WrapUpPanel.tsx';
import { ContactsPanel } from '../contacts/ContactsPanel.tsx';
import { DiagnosisPanel } from '../diagnosis/DiagnosisPanel.tsx';
import { HistoryTimeline } from '../history/HistoryTimeline.tsx';
import { ResetPanel } from '../lockout/ResetPanel.tsx';
import { VerificationPanel } from '../verification/VerificationPanel.tsx';
import { useCardStore } from './card-store.ts';
import { CardHeaderView } from './CardHeaderView.tsx';
import { EarlierContactPanel } from './EarlierContactPanel.tsx';

/**
 * The open card's workspace, in the order of the call: who and what state (header); what
 * went wrong and what to say beside verifying the caller, resetting the lock and checking
 * their contacts; the history in full; earlier contact; wrap-up.
 *
 * The header is the one source of the card's lock and the caller's verification: each panel
 * gets what it needs from it, and reports back through these callbacks, so no feature
 * reaches into another's store.
 */
export function Workspace({ header }: { header: CardHeader }) {
  const refresh = useCardStore((s) => s.refresh);
  const setVerification = useCardStore((s) => s.setVerification);
  const { cardId, verification } = header;
  return (
    <div className="workspace" data-testid="workspace">
      <CardHeaderView header={header} />
      <div className="workspace-columns">
        <div className="workspace-stack">
          <VerificationPanel
            cardId={cardId}
            verification={verification}
            onVerified={setVerification}
            onStale={refresh}
          />
          <ResetPanel
            cardId={cardId}
            lock={header.lock}
            verification={verification}
            onLockChanged={refresh}
          />
          <ContactsPanel
            cardId={cardId}
            contacts={header.contacts}
            verified={verification.status === 'verified'}
          />
        </div>
        <DiagnosisPanel diagnosis={header.diagnosis} />
      </div>
      <HistoryTimeline cardId={cardId} />
      <div className="workspace-columns">
        <EarlierContactPanel earlier={header.earlier} />
        <WrapUpPanel cardId={cardId} />
      </div>
    </div>
  );
}
