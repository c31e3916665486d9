/** Names for the trail's codes in the operator's language. */
import type { TFunction } from 'i18next';

/** An action's name; an action the catalog does not know (an older or newer trail) shows as its code. */
export function actionName(t: TFunction, action: string): string {
  return t(`audit.actions.${action}`, { defaultValue: action });
}
