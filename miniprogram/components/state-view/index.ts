/**
 * Loading / empty / error / content, the same way on every page. Pages set `status` and
 * `message` from their load; the error state offers a retry. The first load shows a skeleton
 * shaped like the page (`skeleton`: list rows, column cards or an article) instead of a spinner.
 */
type RowCol = Array<Record<string, string> | Array<Record<string, string>>>;

const SHAPES: Record<string, RowCol> = {
  list: [{ width: '60%' }, { width: '100%' }, { width: '90%' }, { width: '100%' }, { width: '70%' }],
  cards: [
    [
      { width: '280rpx', height: '158rpx', borderRadius: '12rpx' },
      { width: '340rpx', height: '36rpx' },
    ],
    [
      { width: '280rpx', height: '158rpx', borderRadius: '12rpx' },
      { width: '340rpx', height: '36rpx' },
    ],
    [
      { width: '280rpx', height: '158rpx', borderRadius: '12rpx' },
      { width: '340rpx', height: '36rpx' },
    ],
  ],
  article: [
    { width: '80%', height: '48rpx' },
    { width: '40%' },
    { width: '100%', height: '360rpx', borderRadius: '16rpx' },
    { width: '100%' },
    { width: '100%' },
    { width: '85%' },
  ],
};

Component({
  options: { multipleSlots: false },
  properties: {
    status: { type: String, value: 'loading' },
    message: { type: String, value: '' },
    skeleton: { type: String, value: 'list' },
  },
  data: { rowCol: SHAPES.list },
  observers: {
    skeleton(kind: string) {
      this.setData({ rowCol: SHAPES[kind] ?? SHAPES.list });
    },
  },
  methods: {
    retry() {
      this.triggerEvent('retry');
    },
  },
});
