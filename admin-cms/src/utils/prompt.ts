import { shallowRef } from 'vue';

/** One question with a one-line answer (a chapter's name, a revoke reason, a 道具 ID). */
export interface PromptOptions {
  header: string;
  /** The field's label above the box. */
  label: string;
  placeholder?: string;
  initial?: string;
  /** A blank answer is refused with this text; without it, blank is an answer (''). */
  required?: string;
  /** Checked on the trimmed text before it is accepted (the server checks again). */
  pattern?: { regex: RegExp; message: string };
  maxlength?: number;
}

interface Asking {
  options: PromptOptions;
  answer: (text: string | null) => void;
}

/** The open question, shown by the one PromptDialog in AdminLayout. */
export const asking = shallowRef<Asking | null>(null);

/**
 * Asks in a TDesign dialog with a form (components/PromptDialog.vue): resolves the trimmed,
 * validated text, or null when cancelled (取消, Esc, the close button). A second question
 * while one is open cancels the first.
 */
export function promptText(options: PromptOptions): Promise<string | null> {
  asking.value?.answer(null);
  return new Promise((resolve) => {
    const current: Asking = {
      options,
      answer: (text) => {
        if (asking.value === current) asking.value = null;
        resolve(text);
      },
    };
    asking.value = current;
  });
}
