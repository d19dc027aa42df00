import { reactive, ref, type Ref } from 'vue';
import { errorText } from '../utils/errors';

/**
 * Loading and error flags around a fetch, as StateBlock shows them. The error is kept as text
 * (the server's message) and the data already shown stays while a reload runs or fails.
 */
function useFetchState() {
  const loading = ref(false);
  const error = ref<string | null>(null);
  async function track(work: () => Promise<void>) {
    loading.value = true;
    error.value = null;
    try {
      await work();
    } catch (err) {
      error.value = errorText(err);
    } finally {
      loading.value = false;
    }
  }
  return { loading, error, track };
}

/** A page's data with its loading and error state. */
export function useLoad<T>(loader: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>;
  const { loading, error, track } = useFetchState();
  const reload = () =>
    track(async () => {
      data.value = await loader();
    });
  return { data, loading, error, reload };
}

/**
 * One record shown in a drawer (an order, a user): `open(key)` shows the drawer and fetches it,
 * `reload()` fetches the same key again. Reactive, so a template reads `detail.data.title`.
 */
export function useDetail<K, T>(fetchOne: (key: K) => Promise<T>) {
  const visible = ref(false);
  const key = ref(null) as Ref<K | null>;
  const detail = useLoad<T | null>(() => fetchOne(key.value as K), null);
  async function open(next: K) {
    key.value = next;
    visible.value = true;
    await detail.reload();
  }
  return reactive({ visible, key, ...detail, open });
}

/**
 * A cursor-paged list (the admin actions answer `{ items, nextCursor }`): `reload` starts over,
 * `more` appends the next page. `onPage` sees each whole answer (e.g. counts next to the items).
 */
export function useCursorList<R extends { items: unknown[]; nextCursor?: string | null }>(
  fetchPage: (cursor?: string) => Promise<R>,
  onPage?: (res: R) => void,
) {
  const items = ref([]) as Ref<R['items']>;
  const nextCursor = ref<string | null>(null);
  const { loading, error, track } = useFetchState();
  const load = (cursor?: string) =>
    track(async () => {
      const res = await fetchPage(cursor);
      items.value = cursor ? [...items.value, ...res.items] : res.items;
      nextCursor.value = res.nextCursor ?? null;
      onPage?.(res);
    });
  const reload = () => load();
  const more = () => (nextCursor.value ? load(nextCursor.value) : undefined);
  return { items, nextCursor, loading, error, reload, more };
}
