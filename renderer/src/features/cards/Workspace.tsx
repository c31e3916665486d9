import type { CardHeader, ResetStatus } from '../../../../shared/contract/index.ts';
import { callStage } from '../../../../shared/diagnosis/call-stage.ts';
import type { Language } from '../../../../shared/languages.ts';
import { useTranslation } from 'react-i18next';
import { routerNow } from '../../app/router-clock.ts';
import { FraudTransferPanel } from '../calls/FraudTransferPanel.tsx';
import { WrapUpPanel } from '../calls/WrapUpPanel.tsx';
import { ContactsPanel } from '../contacts/ContactsPanel.tsx';
import { DiagnosisPanel, type CallForScript } from '../diagnosis/DiagnosisPanel.tsx';
import { HistoryTimeline } from '../history/HistoryTimeline.tsx';
import { ResetPanel } from '../lockout/ResetPanel.tsx';
import { VerificationPanel } from '../verification/VerificationPanel.tsx';
import { useCardStore } from './card-store.ts';
import { CardHeaderView } from './CardHeaderView.tsx';
import { EarlierContactPanel } from './EarlierContactPanel.tsx';

/**
 * The open card's workspace, fitted to one screen (1280×800 without scrolling the page): the
 * call bar pinned on top; beneath it panes that scroll inside themselves — verify, reset and
 * contacts on the left; what went wrong and what to say in the middle over the history;
 * wrap-up and earlier contact on the right.
 *
 * The header is the one source of the card's lock and the caller's verification: each panel
 * gets what it needs from it, and reports back through these callbacks, so no feature
 * reaches into another's store.
 */
export function Workspace({ header }: { header: CardHeader }) {
  const refresh = useCardStore((s) => s.refresh);
  const setVerification = useCardStore((s) => s.setVerification);
  const setResetStatus = useCardStore((s) => s.setResetStatus);
  const resetStatus = useCardStore((s) => s.resetStatus);
  const lockSeenInCall = useCardStore((s) => s.lockSeenInCall);
  const { cardId, verification } = header;
  const call = callForScript(header, resetStatus, lockSeenInCall);
  // Suspected fraud has one next step: the transfer to the fraud team, with its case reference —
  // also when the ACS refused a reset for a fraud hold it knows of (the reset is refused 'fraud').
  const suspectedFraud =
    header.badges.fraudHold ||
    header.diagnosis.some((cause) => cause.code === 'suspected-fraud') ||
    resetStatus?.refusal === 'fraud';
  const { i18n } = useTranslation();
  const chosenLanguage = useCardStore((s) => s.callerLanguage);
  const setCallerLanguage = useCardStore((s) => s.setCallerLanguage);
  // The caller's language: as chosen in this call, else the cardholder's, else the agent's.
  const callerLanguage: Language =
    chosenLanguage ?? header.preferredLanguage ?? (i18n.language === 'en' ? 'en' : 'ja');
  return (
    <div className="workspace" data-testid="workspace">
      <CardHeaderView header={header} />
      <div className="workspace-body">
        <div className="workspace-pane pane-act" data-testid="pane-act">
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
            onStatus={setResetStatus}
            callerLanguage={callerLanguage}
          />
          <ContactsPanel
            cardId={cardId}
            contacts={header.contacts}
            verified={verification.status === 'verified'}
          />
        </div>
        <div className="workspace-pane pane-say" data-testid="pane-say">
          <DiagnosisPanel
            diagnosis={header.diagnosis}
            call={call}
            callerLanguage={callerLanguage}
            onCallerLanguage={setCallerLanguage}
          />
        </div>
        <div className="workspace-pane pane-history" data-testid="pane-history">
          <HistoryTimeline cardId={cardId} />
        </div>
        <div className="workspace-pane pane-wrap" data-testid="pane-wrap">
          {suspectedFraud && <FraudTransferPanel cardId={cardId} />}
          <WrapUpPanel cardId={cardId} />
          <EarlierContactPanel earlier={header.earlier} />
        </div>
      </div>
    </div>
  );
}

/**
 * Where the call stands for its script, from the header (verification, lock) and the
 * lockout's status (the reset or request in progress, which may show a newer lock).
 */
function callForScript(
  header: CardHeader,
  status: ResetStatus | null,
  lockSeenInCall: boolean,
): CallForScript {
  const { verification } = header;
  const lock = status?.lock ?? header.lock;
  const inForce =
    lock.state === 'locked' && (lock.until === null || Date.parse(lock.until) > routerNow());
  const stage = callStage({
    verification:
      verification.status === 'unverified'
        ? { status: 'unverified', missedInCall: verification.missedInCall }
        : verification,
    reset: status?.reset ?? null,
    approval: status?.approval ?? null,
    lockedNow: inForce,
    lockSeenInCall,
  });
  const approval = status?.approval ?? null;
  return {
    stage,
    verified: verification.status === 'verified',
    missesLeft: verification.status === 'unverified' ? verification.missesLeft : 0,
    facts: {
      brand: header.brand,
      lock: inForce && lock.state === 'locked' ? { until: lock.until } : null,
      canReset: status?.allowed ? { escalation: status.escalation } : null,
      waitingFor: approval?.state === 'pending' ? approval.escalation : [],
    },
  };
}
