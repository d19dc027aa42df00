/**
 * Loading / empty / error / content, the same way on every page. Pages set `status` and
 * `message` from their load; the error state offers a retry.
 */
Component({
  options: { multipleSlots: false },
  properties: {
    status: { type: String, value: 'loading' },
    message: { type: String, value: '' },
  },
  methods: {
    retry() {
      this.triggerEvent('retry');
    },
  },
});
