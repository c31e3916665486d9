import type { CardHeader } from '../../../shared/contract/index.ts';
import { CardHeaderView } from './CardHeaderView.tsx';
import { ContactsPanel } from './ContactsPanel.tsx';
import { VerificationPanel } from './VerificationPanel.tsx';

/** The open card's workspace: the header, then verification beside the contact details. */
export function Workspace({ header }: { header: CardHeader }) {
  return (
    <div className="workspace" data-testid="workspace">
      <CardHeaderView header={header} />
      <div className="workspace-columns">
        <VerificationPanel />
        <ContactsPanel />
      </div>
    </div>
  );
}
