import { createHarness, type Harness } from '../support/harness';

/**
 * The demo catalog's free previews read as free (issue 17): a paid article's preview is the
 * opening of the lesson, never a paragraph labelled 付费正文 (which reads like a leak), whether
 * it is cut at a `<!-- more -->` marker or by the preview ratio.
 */
describe('demo content previews', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: true });
  });
  afterAll(() => h.close());

  it('no preview a learner can see carries the 付费正文 label, and each opens with the lesson', async () => {
    const rows: Array<{ title: string; preview_html: string; body_html: string }> = await h
      .db('articles as a')
      .join('columns as c', 'c.id', 'a.column_id')
      .where({ 'a.status': 'published', 'c.status': 'published', 'a.is_free': false })
      .select('a.title', 'a.preview_html', 'a.body_html');
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect({ title: row.title, leaks: row.preview_html.includes('付费正文') }).toEqual({ title: row.title, leaks: false });
      expect(row.preview_html.length).toBeLessThan(row.body_html.length);
    }
  });
});
