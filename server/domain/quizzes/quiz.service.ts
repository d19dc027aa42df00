import { AppError } from '../../runtime/errors';
import type { ServiceContext } from '../../runtime/service-context';
import { inTransaction } from '../../db/transactions';
import { insertIgnore } from '../../db/affected';
import { findReadableArticle } from '../access/reading';
import { findBest, findQuiz, type BestResult, type QuizRow } from './quiz.repo';
import { QUIZ_PASS_PERCENT, scoreQuiz, withoutAnswers, type QuizScore } from './quiz.policy';

export type QuizCtx = Pick<ServiceContext, 'db' | 'now' | 'actor'>;

const noQuiz = () => new AppError('NOT_FOUND', '这篇文章没有测验');

/** The quiz of an article the caller can read in full (the reading rule), or NOT_FOUND / FORBIDDEN. */
async function readableQuiz(ctx: QuizCtx, articleId: number): Promise<{ quiz: QuizRow; viewerId: number | null }> {
  const viewerId = await ctx.actor.viewerId();
  const { decision } = await findReadableArticle(ctx.db, viewerId, ctx.now, articleId);
  if (!decision.granted) throw new AppError('FORBIDDEN', '购买后才能参加测验');
  const quiz = await findQuiz(ctx.db, articleId);
  if (!quiz) throw noQuiz();
  return { quiz, viewerId };
}

export interface LearnerQuiz {
  articleId: number;
  questions: Array<{ prompt: string; options: string[] }>;
  passPercent: number;
  /** The caller's best so far; null before the first submission. */
  best: BestResult | null;
}

export async function getQuiz(ctx: QuizCtx, articleId: number): Promise<LearnerQuiz> {
  const { quiz, viewerId } = await readableQuiz(ctx, articleId);
  return {
    articleId,
    questions: withoutAnswers(quiz.questions),
    passPercent: QUIZ_PASS_PERCENT,
    best: viewerId === null ? null : await findBest(ctx.db, quiz.id, viewerId),
  };
}

/**
 * Scores a submission, records it and keeps the best: one transaction of the submission insert
 * and a compare-in-SQL update of the learner's result row (concurrent submissions cannot lose a
 * better score; `passed` once true stays true, like completion).
 */
export async function submitQuiz(ctx: QuizCtx, articleId: number, answers: number[]): Promise<QuizScore & { best: BestResult }> {
  const { quiz } = await readableQuiz(ctx, articleId);
  const result = scoreQuiz(quiz.questions, answers);
  const userId = await ctx.actor.learnerId();
  await inTransaction(ctx.db, async (trx) => {
    await trx('quiz_submissions').insert({
      quiz_id: quiz.id,
      user_id: userId,
      answers_json: JSON.stringify(answers),
      score: result.score,
      total: result.total,
      passed: result.passed,
      created_at: ctx.now,
    });
    await insertIgnore(
      trx,
      'quiz_results',
      { quiz_id: quiz.id, user_id: userId, best_score: 0, total: result.total, passed: false, attempts: 0, last_submitted_at: ctx.now },
      ['quiz_id', 'user_id'],
    );
    // A quiz edited to another length starts the best over; a pass stays a pass.
    await trx('quiz_results')
      .where({ quiz_id: quiz.id, user_id: userId })
      .update({
        best_score: trx.raw('CASE WHEN total <> ? OR best_score < ? THEN ? ELSE best_score END', [
          result.total,
          result.score,
          result.score,
        ]),
        passed: trx.raw('CASE WHEN ? = 1 THEN 1 ELSE passed END', [result.passed ? 1 : 0]),
        total: result.total,
        attempts: trx.raw('attempts + 1'),
        last_submitted_at: ctx.now,
      });
  });
  return { ...result, best: (await findBest(ctx.db, quiz.id, userId))! };
}
