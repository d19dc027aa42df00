import { reactive } from 'vue';
import { api, type ActionOutput } from '../api';

/**
 * The server's Chinese names for every enum and audit code (admin `labels`; each map is defined
 * once next to its enum on the server). Loaded once per session; until then, and for a value the
 * server does not name, `label()` shows the raw value rather than nothing.
 */
export type Labels = ActionOutput<'admin', 'labels'>;
export type LabelKind = keyof Labels;

const state = reactive({ labels: null as Labels | null });
let loading: Promise<void> | null = null;

export function loadLabels(): Promise<void> {
  loading ??= api('labels')
    .then((l) => {
      state.labels = l;
    })
    .catch(() => {
      loading = null; // try again on the next page
    });
  return loading;
}

export function label(kind: LabelKind, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return state.labels?.[kind]?.[value] ?? value;
}

export function labelOptions(kind: LabelKind): Array<{ label: string; value: string }> {
  return Object.entries(state.labels?.[kind] ?? {}).map(([value, text]) => ({ label: text, value }));
}
