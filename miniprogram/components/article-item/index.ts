import { clock, yuan } from '../../utils/format';
import { go, routes } from '../../utils/nav';
import type { ArticleCard } from '../../services/types';

Component({
  properties: {
    article: { type: Object, value: {} as ArticleCard },
    showPrice: { type: Boolean, value: true },
    percent: { type: Number, value: 0 },
    current: { type: Boolean, value: false },
  },
  data: { audioText: '', videoText: '', priceText: '' },
  observers: {
    article(a: ArticleCard) {
      if (!a) return;
      this.setData({
        audioText: a.audioDurationSec ? clock(a.audioDurationSec) : '音频',
        videoText: a.videoDurationSec ? clock(a.videoDurationSec) : '视频',
        priceText: yuan(a.priceFen),
      });
    },
  },
  methods: {
    open() {
      go(routes.article(this.data.article.id));
    },
    /** Buy this article alone, straight from the list (catchtap: does not also open it). */
    buy() {
      go(routes.checkout('article', this.data.article.id));
    },
  },
});
