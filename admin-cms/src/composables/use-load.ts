import { computed, reactive, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import { QueryClient, keepPreviousData, useInfiniteQuery, useQuery, type QueryKey } from '@tanstack/vue-query';
import { setCacheListener } from '../api';
import { errorText } from '../utils/errors';

/**
 * The CMS's one cache of server reads (TanStack Query). A page that comes back, or a column
 * selected again, shows what it showed before; what may have changed meanwhile is asked again.
 * Loaded with the first page that reads, not with the login page.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A failed read shows its error and 重试 at once; silent retries would only hide it longer.
      retry: false,
      // The local runtime can be down while the browser is online: always ask, and show the answer.
      networkMode: 'always',
      // Rows do not move under the cursor when the tab regains focus; writes and 重试 refresh.
      refetchOnWindowFocus: false,
    },
  },
});

// A write makes every cached read stale: what is on screen is fetched again before the write's
// api() resolves (so a toast after it already sees the new rows), the rest on its next showing.
// Another admin signing in must never see this one's cached pages.
setCacheListener((event) => (event === 'session' ? queryClient.clear() : queryClient.invalidateQueries()));

/** Changes outside the CMS too (learners buy, read, comment): cached rows show at once, refetched behind them. */
export const LIVE = 0;
/** Changes only through the CMS, and every write here marks it stale: trusted for a while. */
export const CMS_OWNED = 5 * 60_000;

export interface LoadOptions {
  /** LIVE (the default) or CMS_OWNED. */
  staleTime?: number;
  /** Show the last key's data while a new key loads (the default), or nothing (another learner's rows would mislead). */
  keepPrevious?: boolean;
}

/**
 * The flags StateBlock shows. `loading`: a fetch runs and there is nothing to show yet (or only
 * an error), so a spinner stands in; a refetch behind rows already shown is only `fetching`.
 * `error` is the server's message, cleared while a retry runs.
 */
function flags(q: { isFetching: Ref<boolean>; isError: Ref<boolean>; error: Ref<unknown>; data: Ref<unknown> }) {
  return {
    loading: computed(() => q.isFetching.value && (q.data.value === undefined || q.isError.value)),
    fetching: computed(() => q.isFetching.value),
    error: computed(() => (q.isError.value && !q.isFetching.value ? errorText(q.error.value) : null)),
  };
}

/**
 * A page's data with its loading and error state. `key` names the read and everything the loader
 * reads (a new key loads by itself; the data shown stays until it lands); `reload()` asks again
 * for the same key (重试).
 */
export function useLoad<T>(key: MaybeRefOrGetter<QueryKey>, loader: () => Promise<T>, initial: T, options: LoadOptions = {}) {
  const q = useQuery(
    () => ({
      queryKey: toValue(key),
      queryFn: loader,
      staleTime: options.staleTime ?? LIVE,
      placeholderData: options.keepPrevious === false ? undefined : keepPreviousData,
    }),
    queryClient,
  );
  const data = computed(() => (q.data.value === undefined ? initial : q.data.value));
  return { data, ...flags(q), reload: () => q.refetch() };
}

/**
 * One record shown in a drawer (an order, a user): `open(key)` shows the drawer and resolves once
 * the record is there; `reload()` fetches the same key again. Never another record's data while
 * the next loads (a spinner instead). Reactive, so a template reads `detail.data.title`.
 */
export function useDetail<K, T>(name: string, fetchOne: (key: K) => Promise<T>) {
  const visible = ref(false);
  const key = ref(null) as Ref<K | null>;
  const q = useQuery(
    () => ({
      queryKey: [name, key.value],
      queryFn: () => fetchOne(key.value as K),
      enabled: key.value !== null,
      staleTime: LIVE,
    }),
    queryClient,
  );
  async function open(next: K) {
    key.value = next;
    visible.value = true;
    await q.suspense();
  }
  const data = computed(() => (q.data.value === undefined ? null : q.data.value));
  return reactive({ visible, key, data, ...flags(q), reload: () => q.refetch(), open });
}

/**
 * A cursor-paged list (the admin actions answer `{ items, nextCursor }`). `filters()` is read
 * when the list starts and on each `reload()` (查询, a tab, 重试) — typing in a filter box does not
 * fetch by itself; `more` appends the next page; `first` is the first page's whole answer (e.g.
 * counts next to the items).
 */
export function useCursorList<P, R extends { items: unknown[]; nextCursor?: string | null }>(
  name: string,
  filters: () => P,
  fetchPage: (filters: P, cursor?: string) => Promise<R>,
  options: LoadOptions = {},
) {
  const applied = ref(filters()) as Ref<P>;
  const q = useInfiniteQuery(
    () => ({
      queryKey: [name, applied.value] as QueryKey,
      queryFn: ({ pageParam }: { pageParam: string | undefined }) => fetchPage(applied.value, pageParam),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last: R) => last.nextCursor || undefined,
      staleTime: options.staleTime ?? LIVE,
      placeholderData: keepPreviousData,
    }),
    queryClient,
  );
  const pages = computed(() => q.data.value?.pages ?? []);
  const items = computed(() => pages.value.flatMap((p) => p.items) as R['items']);
  const first = computed(() => pages.value[0] as R | undefined);
  const nextCursor = computed(() => pages.value.at(-1)?.nextCursor ?? null);
  async function reload() {
    const next = filters();
    if (JSON.stringify(next) === JSON.stringify(applied.value)) await q.refetch();
    else applied.value = next; // a new key: it loads by itself
  }
  const more = () => (q.hasNextPage.value && !q.isFetching.value ? q.fetchNextPage() : undefined);
  return { items, first, nextCursor, ...flags(q), reload, more };
}
