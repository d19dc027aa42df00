Component({
  data: { url: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ url: decodeURIComponent(query.url ?? '') });
    },
  },
});
