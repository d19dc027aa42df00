import { COMPLETION_PERCENT, completionRate, isCompleted, wholePercent } from '../../../server/domain/progress/completion.policy';

/** The completion rule: ≥ 90 % of whole, floored percents; the column rate to three decimals. */
describe('completion rule', () => {
  it('completes from 90 % on, flooring fractions (89.9 % is not yet done)', () => {
    expect(COMPLETION_PERCENT).toBe(90);
    expect([89, 89.4, 89.5, 89.99].map(isCompleted)).toEqual([false, false, false, false]);
    expect([90, 90.2, 100].map(isCompleted)).toEqual([true, true, true]);
    expect(wholePercent(89.99)).toBe(89);
  });
  it('a column rate is completed / total to three decimals, 0 for an empty column', () => {
    expect(completionRate(1, 3)).toBe(0.333);
    expect(completionRate(2, 3)).toBe(0.667);
    expect(completionRate(0, 0)).toBe(0);
  });
});
