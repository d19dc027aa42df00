import fs from 'node:fs';
import { API_DOC_PATH, renderApiDoc } from '../../scripts/gen-api-docs';

describe('docs/api.md', () => {
  it('is generated from the current action tables (run `npm run docs:api` after changing an action)', () => {
    expect(fs.readFileSync(API_DOC_PATH, 'utf8')).toBe(renderApiDoc());
  });
});
