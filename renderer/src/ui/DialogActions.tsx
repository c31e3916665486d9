/** One button of a dialog's pair: without `onClick` it submits the dialog's form. */
interface Action {
  label: string;
  testId: string;
  onClick?: () => void;
  disabled?: boolean;
}

function ActionButton({ action, className }: { action: Action; className: string }) {
  return (
    <button
      type={action.onClick ? 'button' : 'submit'}
      className={className}
      data-testid={action.testId}
      disabled={action.disabled}
      onClick={action.onClick}
    >
      {action.label}
    </button>
  );
}

/** A dialog's or decision form's buttons: the quiet way out first, the main action last. */
export function DialogActions({ quiet, primary }: { quiet: Action; primary: Action }) {
  return (
    <div className="dialog-actions">
      <ActionButton action={quiet} className="button-quiet" />
      <ActionButton action={primary} className="button-primary" />
    </div>
  );
}
