import { DialogPlugin } from 'tdesign-vue-next';
import { h, ref } from 'vue';
import { Input } from 'tdesign-vue-next';

/** A one-field dialog (TDesign has no prompt); resolves the trimmed text, or null when cancelled or blank. */
export function promptText(header: string, placeholder: string, initial: string): Promise<string | null> {
  const value = ref(initial);
  return new Promise((resolve) => {
    const dialog = DialogPlugin.confirm({
      header,
      body: () =>
        h(Input, {
          modelValue: value.value,
          'onUpdate:modelValue': (v: any) => (value.value = String(v)),
          placeholder,
          autofocus: true,
          maxlength: 128,
          'data-test': 'prompt-input',
        } as any),
      confirmBtn: '确定',
      cancelBtn: '取消',
      onConfirm: () => {
        dialog.destroy();
        resolve(value.value.trim() || null);
      },
      onClose: () => {
        dialog.destroy();
        resolve(null);
      },
    });
  });
}
