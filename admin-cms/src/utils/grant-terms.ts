/** What a manual grant or a redeem batch gives (GrantTermsFields edits it). */
export interface GrantTerms {
  itemType: 'column' | 'article' | 'membership';
  itemId: number | null;
  /** Empty: for ever. */
  days: number | undefined;
  note: string;
}

export const blankGrantTerms = (): GrantTerms => ({ itemType: 'column', itemId: null, days: undefined, note: '' });

/**
 * The terms as the admin actions take them: no `days` for ever, no empty note. The dialogs check
 * that an item is picked first; this throws (shown in the dialog) if one is not.
 */
export function grantTermsInput(terms: GrantTerms) {
  if (terms.itemId === null) throw new Error('请选择内容');
  return {
    itemType: terms.itemType,
    itemId: terms.itemId,
    ...(terms.days ? { days: terms.days } : {}),
    ...(terms.note.trim() ? { note: terms.note.trim() } : {}),
  };
}
