import { reactive, ref, type Ref } from 'vue';
import { MessagePlugin } from 'tdesign-vue-next';
import { errorText } from '../utils/errors';

/**
 * A busy flag and an error text around a form's submit. The error stays next to the form (a
 * dialog's alert) rather than a toast, so the person can correct and retry without retyping.
 * `run` answers whether the work succeeded.
 */
export function useSubmit() {
  const busy = ref(false);
  const error = ref('');
  async function run(work: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    error.value = '';
    try {
      await work();
      return true;
    } catch (err) {
      error.value = errorText(err);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}

/**
 * A dialog that asks for one required text about a row (a refund reason, a reply): `open(row)`
 * starts it empty; `submit()` refuses blank text with `blankMessage`, then sends the trimmed
 * text, closes and shows `doneMessage` (the lists on the page refetch after any write on their
 * own: composables/use-load.ts). Reactive, so a template reads `reply.text`.
 */
export function useTextDialog<Row>(options: {
  blankMessage: string;
  send: (row: Row, text: string) => Promise<unknown>;
  doneMessage: string;
  onSent?: () => unknown;
}) {
  const visible = ref(false);
  const target = ref(null) as Ref<Row | null>;
  const text = ref('');
  const { busy, error, run } = useSubmit();
  function open(row: Row) {
    target.value = row;
    text.value = '';
    error.value = '';
    visible.value = true;
  }
  async function submit() {
    const trimmed = text.value.trim();
    if (!trimmed) return (error.value = options.blankMessage);
    if (!(await run(() => options.send(target.value as Row, trimmed)))) return;
    visible.value = false;
    MessagePlugin.success(options.doneMessage);
    options.onSent?.();
  }
  return reactive({ visible, target, text, busy, error, open, submit });
}

/**
 * The state of a list page's "new / edit" dialog: `open(null)` starts from `blank()`, `open(row)`
 * from `fromRow(row)`; `editing` says which row (null for a new one); `saved()` closes the dialog
 * and says so (the list has refetched already: a write refreshes what is on screen). Reactive, so
 * a template reads `edit.model.name`.
 */
export function useEditing<Row, Model extends object>(options: { blank: () => Model; fromRow: (row: Row) => Model }) {
  const visible = ref(false);
  const editing = ref(null) as Ref<Row | null>;
  const model = reactive(options.blank());
  function open(row: Row | null) {
    editing.value = row;
    Object.assign(model, row ? options.fromRow(row) : options.blank());
    visible.value = true;
  }
  function saved() {
    visible.value = false;
    MessagePlugin.success('已保存');
  }
  return reactive({ visible, editing, model, open, saved });
}
