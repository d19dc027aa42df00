import { ref, type Ref } from 'vue';
import { errorText } from './errors';

/** A page's data with its loading and error state. */
export function useLoad<T>(loader: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  async function reload() {
    loading.value = true;
    error.value = null;
    try {
      data.value = await loader();
    } catch (err) {
      error.value = errorText(err);
    } finally {
      loading.value = false;
    }
  }
  return { data, loading, error, reload };
}
