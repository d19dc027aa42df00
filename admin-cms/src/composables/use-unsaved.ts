import { onBeforeUnmount, onMounted } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { DialogPlugin } from 'tdesign-vue-next';

/**
 * Unsaved edits are never lost silently: leaving the page inside the CMS asks first (a TDesign
 * dialog, "留在此页" is the default), and closing or reloading the tab gets the browser's own
 * prompt (beforeunload — browsers show their fixed text, not ours).
 */
export function useUnsavedGuard(dirty: () => boolean) {
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  };
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));
  onBeforeRouteLeave(() => {
    if (!dirty()) return true;
    return new Promise<boolean>((resolve) => {
      const dialog = DialogPlugin.confirm({
        header: '有未保存的修改',
        body: '离开后，本页未保存的修改将丢失。确定离开？',
        confirmBtn: { content: '离开', theme: 'danger' },
        cancelBtn: '留在此页',
        onConfirm: () => {
          dialog.destroy();
          resolve(true);
        },
        onCancel: () => resolve(false),
        onClose: () => {
          dialog.destroy();
          resolve(false);
        },
      });
    });
  });
}
