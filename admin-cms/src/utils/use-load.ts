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

/**
 * A cursor-paged list (the admin actions answer `{ items, nextCursor }`): `reload` starts over,
 * `more` appends the next page. `onPage` sees each whole answer (e.g. counts next to the items).
 */
export function useCursorList<T, R extends { items: T[]; nextCursor?: string | null }>(
  fetchPage: (cursor?: string) => Promise<R>,
  onPage?: (res: R) => void,
) {
  const items = ref([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  async function load(cursor?: string) {
    loading.value = true;
    error.value = null;
    try {
      const res = await fetchPage(cursor);
      items.value = cursor ? [...items.value, ...res.items] : res.items;
      nextCursor.value = res.nextCursor ?? null;
      onPage?.(res);
    } catch (err) {
      error.value = errorText(err);
    } finally {
      loading.value = false;
    }
  }
  const reload = () => load();
  const more = () => (nextCursor.value ? load(nextCursor.value) : undefined);
  return { items, nextCursor, loading, error, reload, more };
}
