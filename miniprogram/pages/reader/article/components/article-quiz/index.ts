import { quiz } from '../../../../../services/learning';
import { toApiError } from '../../../../../services/errors';

interface Question {
  prompt: string;
  options: string[];
}

/**
 * The article's quiz after the body (docs/learning.md): single choice, scored on the server —
 * answers never reach the device. Hidden when the article has none (NOT_FOUND).
 */
Component({
  properties: {
    articleId: { type: Number, value: 0 },
    granted: { type: Boolean, value: false },
  },
  data: {
    has: false,
    questions: [] as Question[],
    picked: [] as number[],
    passPercent: 60,
    best: null as null | { bestScore: number; total: number; passed: boolean },
    result: null as null | { score: number; total: number; passed: boolean },
    submitting: false,
    error: '',
  },
  observers: {
    'articleId, granted'(articleId: number, granted: boolean) {
      if (articleId && granted) this.load();
    },
  },
  methods: {
    async load() {
      try {
        const q = await quiz.get(this.data.articleId);
        this.setData({
          has: true,
          questions: q.questions,
          picked: q.questions.map(() => -1),
          passPercent: q.passPercent,
          best: q.best,
          result: null,
          error: '',
        });
      } catch {
        this.setData({ has: false });
      }
    },
    choose(e: WechatMiniprogram.TouchEvent) {
      const { q, o } = e.currentTarget.dataset as { q: number; o: number };
      const picked = [...this.data.picked];
      picked[Number(q)] = Number(o);
      this.setData({ picked, error: '' });
    },
    async submit() {
      if (this.data.submitting) return;
      if (this.data.picked.some((p) => p < 0)) {
        this.setData({ error: '还有题目没有作答' });
        return;
      }
      this.setData({ submitting: true, error: '' });
      try {
        const r = await quiz.submit(this.data.articleId, this.data.picked);
        this.setData({ result: { score: r.score, total: r.total, passed: r.passed }, best: r.best });
      } catch (err) {
        this.setData({ error: toApiError(err).message });
      } finally {
        this.setData({ submitting: false });
      }
    },
    retry() {
      this.setData({ picked: this.data.questions.map(() => -1), result: null });
    },
  },
});
